/**
 * The extension-host suite under desktop VS Code through @vscode/test-electron, for machines that can download
 * VS Code (this one cannot: see ../shared/testing.md; here the suite runs under code-server, run-exthost.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT, scratchDir } from './codeServer';

async function main(): Promise<number> {
  const scratch = scratchDir();
  const resultFile = path.join(scratch, 'result.json');
  process.env.TRANSCRYPTS_TEST_RESULT = resultFile;
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'dist/test/exthost.js'),
    launchArgs: [path.join(scratch, 'workspace'), '--disable-extensions', '--user-data-dir', path.join(scratch, 'ud')],
  });
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { passes: number; failures: number; pending: number; output: string };
  process.stdout.write(`${result.output}\nextension-host suite: ${result.passes} passed, ${result.failures} failed, ${result.pending} skipped\n`);
  return result.failures === 0 && result.passes > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
