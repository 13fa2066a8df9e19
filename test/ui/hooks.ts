/** Root hooks of the UI suite: one code-server with the extension loaded, one headless chromium page. */
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';

export const ui: { server?: CodeServer; browser?: BrowserContext; page?: Page } = {};

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    ui.server = await startCodeServer();
    ui.browser = await launchBrowser();
    ui.page = await ui.browser.newPage();
    await ui.page.goto(ui.server.workbenchUrl());
  },
  async afterAll() {
    await ui.browser?.close().catch(() => undefined);
    await ui.server?.stop();
  },
};

export function page(): Page {
  if (!ui.page) throw new Error('the workbench is not open');
  return ui.page;
}
