/**
 * Runs the extension-host suite (dist/test/exthost.js, mocha) inside code-server's real extension host. The
 * extension host exits 0 even when mocha fails, so the suite writes {passes, failures} to the file named by
 * TRANSCRYPTS_TEST_RESULT (with mocha's report, which this driver prints), and this driver fails on it.
 * Which code-server: `--code-server VERSION` (tools/code-servers.json), else $TRANSCRYPTS_CODE_SERVER, else the default.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './browser';
import { codeServerVersion, ROOT, scratchDir, startCodeServer } from './codeServer';

function versionArg(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--code-server');
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const entry = path.join(ROOT, 'dist/test/exthost.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first.`);
  const resultFile = path.join(scratchDir(), 'result.json');
  // The suites choose the embedded sandbox's profile per test (helpers.ts); truv is the default they start from.
  const version = codeServerVersion(versionArg(process.argv.slice(2)));
  const server = await startCodeServer({ version, env: { TRANSCRYPTS_TEST_RESULT: resultFile }, settings: { 'transcrypts.sandbox.profile': 'truv' } });
  process.stdout.write(`code-server ${server.version} (VS Code ${server.vscode})\n`);
  const browser = await launchBrowser();
  const started = Date.now();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    await page.goto(server.workbenchUrl({ testsPath: entry }));
    const deadline = Date.now() + 180_000;
    while (!fs.existsSync(resultFile)) {
      if (Date.now() > deadline) throw new Error(`The extension-host suite wrote no result within 180 s.\ncode-server log:\n${server.log()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 300));
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { passes: number; failures: number; pending: number; failed: string[]; output: string };
    process.stdout.write(`${result.output}\n`);
    process.stdout.write(`extension-host suite: ${result.passes} passed, ${result.failures} failed, ${result.pending} skipped (${((Date.now() - started) / 1000).toFixed(1)} s, VS Code ${server.vscode})\n`);
    return result.failures === 0 && result.passes > 0 ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
