/** `npm start` / `npm test` set-up: a failure is one plain line saying what to do; apt waits for another apt's lock. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const lib = path.join(__dirname, '..', '..', 'scripts', 'lib.mjs');

/** Runs an ES module body with lib.mjs imported as `lib`. */
function runWithLib(body: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import * as lib from ${JSON.stringify(lib)};\n${body}`], { encoding: 'utf8', env, timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('set-up scripts', () => {
  it('lists each failed test of a mocha report in one line (npm test\'s summary, m10)', () => {
    const report = [
      '  3 passing (2s)',
      '  2 failing',
      '',
      '  1) UI: the request history panel',
      '       opens from a configuration:',
      '     locator.click: Timeout 30000ms exceeded.',
      'Call log:',
      '      at Context.<anonymous> (test/ui/history.ui.ts:86:81)',
      '',
      '  2) unit suite',
      '       a title that goes on',
      '       over two lines:',
      '',
      '      AssertionError [ERR_ASSERTION]: 1 == 2',
      '',
    ].join('\n');
    const r = runWithLib(`console.log(JSON.stringify(lib.failureTitles(${JSON.stringify(report)})));`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      'UI: the request history panel opens from a configuration — locator.click: Timeout 30000ms exceeded.',
      'unit suite a title that goes on over two lines — AssertionError [ERR_ASSERTION]: 1 == 2',
    ]);
    assert.equal(runWithLib(`console.log(JSON.stringify(lib.failureTitles('  5 passing')));`).stdout.trim(), '[]');
  });

  it('runs a code-server-like postinstall that wants npm_config_unsafe_perm (and npx\'s yes, for node-pty\'s), without npm warning of an unknown config (m9)', function () {
    this.timeout(60_000);
    // code-server's postinstall exits 1 as root unless this variable is "true"; npm warns when it is in npm's own environment.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-ci.'));
    try {
      const pkg = { name: 'unsafe-perm-probe', version: '1.0.0', scripts: { postinstall: `test "$npm_config_unsafe_perm" = true || { echo "Please pass --unsafe-perm"; exit 1; }; test "$npm_config_yes" = true || { echo "npx canceled"; exit 1; }; case "$npm_config_user_agent" in *node/v${process.versions.node}*) ;; *) echo "requires node v${process.versions.node.split('.')[0]}"; exit 1;; esac` } };
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
      fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages: { '': { name: pkg.name, version: pkg.version } } }));
      const env = { ...process.env };
      for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
      // As under `npm test`: the outer npm's user agent, naming another Node, which code-server's postinstall checks.
      env['npm_config_user_agent'] = 'npm/11.0.0 node/v1.0.0 linux x64 workspaces/false';
      const with_ = runWithLib(`lib.ensureNpm(${JSON.stringify(dir)}, {}, { unsafePermScripts: true });`, env);
      assert.equal(with_.code, 0, with_.stdout + with_.stderr);
      assert.doesNotMatch(with_.stdout + with_.stderr, /Unknown (env|cli|project|user) config/i);
      fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
      const without = runWithLib(`await lib.main(() => lib.ensureNpm(${JSON.stringify(dir)}));`, env);
      assert.equal(without.code, 1, 'the probe refuses without the script shell, as code-server does');
      assert.match(without.stdout + without.stderr, /Please pass --unsafe-perm/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a failed step as one plain line with what to do, no stack', () => {
    const r = runWithLib(`await lib.main(() => { throw new lib.SetupError('Installing Debian packages failed', 'Wait for the other apt to finish, then run npm start again.'); });`);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '[setup] failed: Installing Debian packages failed. Wait for the other apt to finish, then run npm start again.\n');
  });

  it('turns any other error into one line pointing at the output, and a missing program into what to install', () => {
    const other = runWithLib(`await lib.main(() => { throw new Error('first line\\nsecond line'); });`);
    assert.equal(other.code, 1);
    assert.equal(other.stderr.trim().split('\n').length, 1, other.stderr);
    assert.match(other.stderr, /^\[setup\] failed: first line\. See the output above/);
    assert.doesNotMatch(other.stderr, /\n\s+at /);
    const missing = runWithLib(`await lib.main(() => lib.run('transcrypts-no-such-program', ['x']));`);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^\[setup\] failed: transcrypts-no-such-program could not run \(.*ENOENT.*\)\. Install transcrypts-no-such-program/);
  });

  it('installs a missing Debian package with apt waiting for the dpkg lock, and says it may wait', function () {
    if (process.getuid?.() !== 0) this.skip(); // as a user the script asks for sudo; CI and this machine run as root
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-'));
    const calls = path.join(bin, 'calls');
    fs.writeFileSync(path.join(bin, 'apt-get'), `#!/bin/sh\necho "$@" >> ${JSON.stringify(calls)}\n`, { mode: 0o755 });
    try {
      const r = runWithLib(`lib.ensureApt(['transcrypts-not-a-real-package']);`, { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /waits up to 10 minutes/);
      const lines = fs.readFileSync(calls, 'utf8').trim().split('\n');
      assert.equal(lines.length, 2);
      for (const l of lines) assert.match(l, /^-o DPkg::Lock::Timeout=600 /);
      assert.match(lines[1] ?? '', /install -y -qq --no-install-recommends transcrypts-not-a-real-package$/);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
