/** Root hooks of the UI suite: one code-server with the extension loaded, one headless chromium page. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { ROOT, startCodeServer, type CodeServer } from '../harness/codeServer';

/** Failure screenshots: inside the project, ignored by git. */
const RESULTS = path.join(ROOT, 'test-results');

export const ui: { server?: CodeServer; browser?: BrowserContext; page?: Page } = {};

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    // Most flows were written against the truv profile (a Sandbox environment, enabled/disabled); the
    // transcrypts profile's own flows switch the setting (profiles.ui.ts).
    // The terminal's DOM renderer (no GPU canvas): its text can be read (Listen's lines).
    ui.server = await startCodeServer({ settings: { 'transcrypts.sandbox.profile': 'truv', 'terminal.integrated.gpuAcceleration': 'off' } });
    ui.browser = await launchBrowser();
    ui.page = await ui.browser.newPage();
    await ui.page.goto(ui.server.workbenchUrl());
  },
  async afterEach(this: Mocha.Context) {
    // A failed step leaves a screenshot for the reader of the log, under the project's ignored test-results/.
    if (this.currentTest?.state === 'failed' && ui.page) {
      fs.mkdirSync(RESULTS, { recursive: true });
      const file = path.join(RESULTS, `ui-failure-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
      await ui.page.screenshot({ path: file }).catch(() => undefined);
      process.stdout.write(`    screenshot: ${file}\n`);
      // What the failed step left open (a form, a menu, a dialog) does not carry into the next describe.
      for (let i = 0; i < 3; i++) await ui.page.keyboard.press('Escape').catch(() => undefined);
    }
  },
  async afterAll() {
    await ui.browser?.close().catch(() => undefined);
    await ui.server?.stop();
  },
};

/**
 * The steps of a describe build on each other: after one fails, the rest are skipped (reported as skipped, not
 * run against a broken state) — and the other describes of the suite still run. Mocha's own `this.bail(true)`
 * ended the whole suite at the first failure, and the closing line did not count what had not run.
 */
export function stepsDependOnEachOther(suite: Mocha.Suite): void {
  let failed: string | undefined;
  suite.afterEach(function () {
    if (this.currentTest?.state === 'failed') failed ??= this.currentTest.title;
  });
  suite.beforeEach(function () {
    if (failed !== undefined) this.skip();
  });
}

export function page(): Page {
  if (!ui.page) throw new Error('the workbench is not open');
  return ui.page;
}
