// `npm test`: set-up, build, type check, lint, unit, extension-host (code-server, on every VS Code version of
// tools/code-servers.json: the oldest supported and the newest that installs here) and UI (code-server +
// Chromium, on the default one; on every version with TRANSCRYPTS_UI_ALL_VERSIONS=1) suites. Prints one line per
// suite and a closing `N passed, N failed`; exits non-zero when anything fails. TRANSCRYPTS_SKIP_VSCODE=1 skips the
// code-server suites (reported as skipped; an error under CI).
import { spawnSync } from 'node:child_process';
import { APT_BROWSER, APT_TEST, CODE_SERVERS, DEFAULT_CODE_SERVER, ROOT, ensureApt, ensureCodeServer, ensureNpm, failureTitles, setupFailureLine, tee } from './lib.mjs';

const skipVsCode = process.env.TRANSCRYPTS_SKIP_VSCODE === '1';
const results = [];
const started = Date.now();

function counts(text, re) {
  // eslint-disable-next-line no-control-regex -- strip ANSI colours
  const m = re.exec(text.replace(/\x1b\[[0-9;]*m/g, ''));
  return m ? Number(m[1]) : 0;
}

/** How many tests a mocha suite holds (a dry run: no test and no hook runs), or undefined when it cannot say. */
function mochaTotal(args) {
  const dry = spawnSync('npx', [...args, '--dry-run', '--reporter', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  try {
    return JSON.parse(dry.stdout).stats.tests;
  } catch {
    return undefined;
  }
}

async function step(name, cmd, args, kind, env) {
  const t = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const total = kind === 'mocha' ? mochaTotal(args) : undefined;
  const { code, text } = await tee(cmd, args, { env: { ...process.env, TRANSCRYPTS_SHORT_STACKS: '1', ...(env ?? {}) } });
  const r = { name, code, passed: 0, failed: 0, skipped: 0, notRun: 0, seconds: (Date.now() - t) / 1000 };
  if (kind === 'mocha') {
    r.passed = counts(text, /(\d+) passing/);
    r.failed = counts(text, /(\d+) failing/);
    r.skipped = counts(text, /(\d+) pending/);
    // What never ran (a failed hook, an aborted run) is counted as skipped, never as passed.
    if (total !== undefined) r.notRun = Math.max(0, total - r.passed - r.failed - r.skipped);
    r.skipped += r.notRun;
  } else if (kind === 'exthost') {
    const m = /extension-host suite: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(text);
    if (m) [r.passed, r.failed, r.skipped] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    // A check (build, type check, lint) counts as one test.
    if (code === 0) r.passed = 1;
  }
  r.failures = kind === 'check' ? [] : failureTitles(text);
  if (code !== 0 && r.failed === 0) r.failed = 1;
  if (code === 0 && kind !== 'check' && r.passed === 0) r.failed = 1; // a suite that ran nothing did not pass
  results.push(r);
  return r;
}

/** How to run one suite again (its whole output, with stack traces). */
const RERUN = { unit: 'npm run test:unit', 'extension host': 'npm run test:exthost', UI: 'npm run test:ui', lint: 'npm run lint' };

function summary() {
  process.stdout.write('\n=== summary ===\n');
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    const state = r.skippedSuite ? 'SKIPPED' : r.failed > 0 ? 'FAIL' : 'ok';
    const notRun = r.notRun ? `, ${r.notRun} of them did not run` : '';
    process.stdout.write(`${state.padEnd(7)} ${r.name.padEnd(22)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${notRun} (${r.seconds.toFixed(1)} s)\n`);
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
  }
  // What failed, a line each, and how to run that suite alone: the details are above, in the suite's own report.
  for (const r of results.filter((x) => x.failed > 0)) {
    if (r.failures?.length) process.stdout.write(`\n${r.name}: ${r.failures.length} failed\n${r.failures.map((f) => `  ✗ ${f}\n`).join('')}`);
    if (RERUN[r.name]) process.stdout.write(`  rerun: ${RERUN[r.name]}${r.name === 'UI' ? ' (failure screenshots: test-results/)' : ''}\n`);
  }
  process.stdout.write(`total time ${((Date.now() - started) / 1000).toFixed(1)} s; ${skipped} skipped\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed;
}

async function main() {
  try {
    ensureNpm();
    ensureApt(APT_TEST);
    if (!skipVsCode) {
      ensureApt(APT_BROWSER);
      ensureCodeServer();
    }
  } catch (e) {
    process.stderr.write(`${setupFailureLine(e)}\n`);
    results.push({ name: 'set-up', code: 1, passed: 0, failed: 1, skipped: 0, seconds: 0 });
    summary();
    return 1;
  }
  await step('build', 'node', ['esbuild.js'], 'check');
  await step('type check', 'npx', ['tsc', '-p', '.'], 'check');
  await step('type check (webview)', 'npx', ['tsc', '-p', 'src/webview'], 'check');
  await step('type check (UI tests)', 'npx', ['tsc', '-p', 'test/ui'], 'check');
  await step('lint', 'npx', ['eslint', '--max-warnings', '0', '.'], 'check');
  await step('unit', 'npx', ['mocha'], 'mocha');
  const versions = Object.entries(CODE_SERVERS).map(([version, spec]) => ({ version, short: spec.vscode.replace(/\.\d+$/, '') }));
  const exthost = versions.map((v) => ({ ...v, name: `extension host ${v.short}` }));
  // The UI suite is the longest (about 4 minutes): on the default version unless asked for every one.
  const ui = process.env.TRANSCRYPTS_UI_ALL_VERSIONS === '1' ? versions.map((v) => ({ ...v, name: `UI ${v.short}` })) : [{ version: DEFAULT_CODE_SERVER, name: 'UI' }];
  if (skipVsCode) {
    for (const name of [...exthost.map((e) => e.name), ...ui.map((u) => u.name)]) {
      results.push({ name, code: 0, passed: 0, failed: process.env.CI ? 1 : 0, skipped: 0, seconds: 0, skippedSuite: true });
    }
  } else {
    for (const e of exthost) await step(e.name, 'npx', ['tsx', 'test/harness/run-exthost.ts', '--code-server', e.version], 'exthost');
    for (const u of ui) await step(u.name, 'npx', ['mocha', '--config', 'test/ui/mocharc.json'], 'mocha', { TRANSCRYPTS_CODE_SERVER: u.version });
  }
  return summary() > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
