/**
 * code-server + chromium with the extension connected to a sandbox the caller owns (as under `npm start`: the
 * API base URL setting and TRANSCRYPTS_SANDBOX_CREDENTIALS). For the benches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Sandbox } from '../../src/sandbox';
import { installMarks } from '../bench/paint';
import { launchBrowser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';

export interface ConnectedWorkbench {
  server: CodeServer;
  browser: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openConnectedWorkbench(sandbox: Sandbox, dir: string, settings: Record<string, unknown> = {}, extra: { env?: Record<string, string>; install?: string[]; extensionPath?: string } = {}): Promise<ConnectedWorkbench> {
  const credentials = path.join(dir, 'credentials.json');
  fs.writeFileSync(credentials, JSON.stringify({ client_id: sandbox.credentials.clientId, secrets: sandbox.credentials.secrets }));
  const server = await startCodeServer({ env: { TRANSCRYPTS_SANDBOX_CREDENTIALS: credentials, ...extra.env }, settings: { 'transcrypts.apiBaseUrl': sandbox.baseUrl, ...settings }, install: extra.install, extensionPath: extra.extensionPath });
  const browser = await launchBrowser();
  // Times taken in the page (the last click, first paints), read by the benches.
  await installMarks(browser);
  const page = await browser.newPage();
  await page.goto(server.workbenchUrl());
  return {
    server,
    browser,
    page,
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}
