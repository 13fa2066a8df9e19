/**
 * Entry of the extension-host suite (`extensionTestsPath`), bundled to dist/test/exthost.js. Runs the same way
 * under @vscode/test-electron and under code-server. Writes {passes, failures} to $TRANSCRYPTS_TEST_RESULT.
 */
import * as fs from 'node:fs';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // TRANSCRYPTS_TEST_GREP: only the tests whose titles match (a suite of one while working on it).
  const grep = process.env.TRANSCRYPTS_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'exthost', mocha);
  // Loaded after mocha defined describe/it on the global object.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./extension.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./sidebar.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./history.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./fixtures.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./conformance.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./listen.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./config.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./receiver.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./agent.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after pre-require, by design
  require('./scale.test');
  // Keep mocha's report for the driver: the extension host's console is not a terminal.
  const output: string[] = [];
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const log = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    output.push(format(...args));
    log(...args);
  };
  return new Promise((resolve, reject) => {
    const failed: string[] = [];
    const runner = mocha.run((failures) => {
      base.consoleLog = log;
      const result = { passes: runner.stats?.passes ?? 0, failures, pending: runner.stats?.pending ?? 0, failed, output: output.join('\n') };
      const file = process.env.TRANSCRYPTS_TEST_RESULT;
      if (file) fs.writeFileSync(file, JSON.stringify(result));
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed.`));
      else resolve();
    });
    runner.on('fail', (test, err: Error) => failed.push(`${test.fullTitle()}: ${err.message}`));
  });
}
