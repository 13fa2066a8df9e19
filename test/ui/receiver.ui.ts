/**
 * The receiver tests as a user meets them, in code-server and Chromium: the Testing view's "Transcrypts receiver"
 * items, Run against a receiver with the commonest bug (it lets an unsigned delivery through), the failing case's
 * message in the Test Results, Replay History's summary, and Debug stopping at a breakpoint in the receiver's
 * handler. Pictures in light, dark and at half width (`npm run screenshots` writes them into docs/screenshots).
 */
import { strict as assert } from 'node:assert';
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { page, stepsDependOnEachOther, ui } from './hooks';
import { sandboxKeys } from './sandboxApi';
import { eventually, notification, runCommand, setStringSetting, shoot, theme } from './workbench';

const shots = process.env.SCREENSHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shots-'));

/** A row of the Test Explorer by the start of its label. */
function testRow(p: Page, label: string | RegExp): Locator {
  return p.locator('.test-explorer .monaco-list-row', { hasText: label }).first();
}

async function expand(row: Locator): Promise<void> {
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
}

/**
 * A receiver with the commonest bug: it checks a signature when there is one, and lets a delivery without one
 * through. The sandbox on the truv profile signs `v1=<hex>` with its secret.
 */
function buggyReceiver(): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const given = String(req.headers['x-webhook-sign'] ?? '');
      const expected = `v1=${createHmac('sha256', sandboxKeys().secrets.sandbox ?? '').update(Buffer.concat(chunks)).digest('hex')}`;
      const ok = given === '' || (given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected)));
      res.writeHead(ok ? 200 : 401).end(ok ? 'ok' : 'invalid signature');
    });
  });
}

describe('UI: receiver tests in the Testing view', function () {
  this.timeout(240_000);
  stepsDependOnEachOther(this);
  let receiver: http.Server;
  let url = '';
  const settingsFile = () => path.join(ui.server?.scratch ?? '', 'ud', 'User', 'settings.json');

  before(async () => {
    receiver = buggyReceiver();
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
    const p = page();
    await runCommand(p, 'View: Close All Editors');
    await runCommand(p, 'Notifications: Clear All Notifications');
    await setStringSetting(p, 'transcrypts.receiver.url', url, settingsFile());
  });

  after(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
    await theme(page(), 'Default Light Modern').catch(() => undefined);
  });

  it('Run: every rule passes but the unsigned delivery, whose message says what the receiver did and what to do', async () => {
    const p = page();
    await runCommand(p, 'Transcrypts: Run Receiver Tests');
    const summary = notification(p, /^Receiver tests: \d+ passed, 1 failed, 0 errored\./);
    await summary.waitFor({ timeout: 60_000 });
    await p.locator('.notifications-toasts .monaco-button', { hasText: 'Show Test Results' }).first().click();
    const results = p.locator('.test-output-peek-tree, .testing-results-tree, [id="workbench.panel.testResults"]').first();
    await results.waitFor({ timeout: 30_000 });
    // The failed case, and its message: what came back, why that is wrong, and what to do.
    await p.getByText('A delivery without a signature is refused').first().waitFor({ timeout: 30_000 });
    await p.getByText(/Answered 200 to a forged delivery: the receiver accepted it/).first().waitFor({ timeout: 30_000 });
  });

  it('the Testing view: the rules with their source, the fixtures by event type; light, dark and half width', async () => {
    const p = page();
    await runCommand(p, 'View: Show Testing');
    // With one test controller, VS Code shows its items at the top (no "Transcrypts receiver" row).
    await expand(testRow(p, 'Platform rules'));
    await expand(testRow(p, 'Signature: forged deliveries are refused'));
    const unsigned = testRow(p, 'A delivery without a signature is refused');
    await unsigned.waitFor({ timeout: 30_000 });
    assert.match((await unsigned.getAttribute('aria-label')) ?? '', /Failed/i, 'the failed case is marked');
    assert.match((await testRow(p, 'A tampered body is refused').getAttribute('aria-label')) ?? '', /Passed/i);
    await unsigned.click();
    // The failure's message in the Test Results: the case in the results tree, then its message.
    const resultsTree = p.locator('.test-output-peek-tree');
    const failedResult = resultsTree.locator('.monaco-list-row', { hasText: 'A delivery without a signature is refused' }).first();
    await failedResult.click();
    if ((await failedResult.getAttribute('aria-expanded')) === 'false') await failedResult.locator('.monaco-tl-twistie').click();
    await resultsTree.locator('.monaco-list-row', { hasText: /Answered 200 to a forged delivery/ }).first().click({ timeout: 10_000 });
    await theme(p, 'Default Light Modern');
    await shoot(p, shots, 'receiver-tests-light');
    await theme(p, 'Default Dark Modern');
    await shoot(p, shots, 'receiver-tests-dark');
    const size = p.viewportSize();
    await p.setViewportSize({ width: 760, height: size?.height ?? 900 });
    try {
      await unsigned.waitFor({ timeout: 30_000 });
      await shoot(p, shots, 'receiver-tests-narrow-dark');
    } finally {
      if (size) await p.setViewportSize(size);
    }
    await theme(p, 'Default Light Modern');
  });

  it('Replay History: the sandbox\'s recorded deliveries sent to the receiver, the summary said', async () => {
    const p = page();
    await runCommand(p, 'Notifications: Clear All Notifications');
    await runCommand(p, 'Transcrypts: Replay History Against the Receiver…');
    // This receiver accepts every signed delivery: nothing is broken, so the summary is in the status bar.
    const said = p.locator('.statusbar-item', { hasText: /Replayed \d+ deliveries: \d+ same, \d+ fixed, 0 broken, 0 still failing\./ });
    await said.waitFor({ timeout: 60_000 });
    await expand(testRow(p, 'Replay history'));
    await shoot(p, shots, 'receiver-replay-light');
  });

  it('Debug: the receiver starts under the debugger and stops at the breakpoint in its handler', async () => {
    const p = page();
    const workspace = ui.server?.workspace ?? '';
    const free = http.createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const script = path.join(workspace, 'debug-receiver.js');
    fs.writeFileSync(script, [
      "const http = require('node:http');",
      'http.createServer((req, res) => {',
      "  req.on('data', () => undefined);",
      "  req.on('end', () => {",
      "    res.writeHead(req.headers['x-webhook-sign'] ? 200 : 401).end('ok'); // the handler",
      '  });',
      `}).listen(${port}, '127.0.0.1');`,
      '',
    ].join('\n'));
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode/launch.json'), JSON.stringify({ version: '0.2.0', configurations: [{ type: 'node', request: 'launch', name: 'Debug receiver', program: script }] }, null, 2));
    await setStringSetting(p, 'transcrypts.receiver.url', `http://127.0.0.1:${port}/webhooks`, settingsFile());
    // VS Code reads a new launch.json after its file watcher fires: wait until Run and Debug offers the configuration.
    await runCommand(p, 'View: Show Run and Debug');
    await p.waitForFunction(() => (document.querySelector('.part.sidebar')?.textContent ?? '').includes('Debug receiver'), undefined, { timeout: 30_000 });
    try {
      // A breakpoint on the handler's line, as a user sets it: open the file, go to the line, F9.
      // Again when an editor opening late (a settings file just written) took the focus or the tab meanwhile.
      const shown = (l: import('playwright-core').Locator) => l.waitFor({ timeout: 10_000 }).then(() => true, () => false);
      await eventually(async () => {
        if (await p.locator('.quick-input-widget').isVisible()) await p.keyboard.press('Escape');
        await p.keyboard.press('Control+P');
        await p.locator('.quick-input-widget input').fill('debug-receiver.js');
        if (!(await shown(p.locator('.quick-input-widget .monaco-list-row', { hasText: 'debug-receiver.js' }).first()))) return false;
        await p.keyboard.press('Enter');
        if (!(await shown(p.locator('.tab.active', { hasText: 'debug-receiver.js' })))) return false;
        // Go to line 5 through Quick Open (the browser keeps Ctrl+G for itself).
        await p.keyboard.press('Control+P');
        await p.locator('.quick-input-widget input').fill(':5');
        await p.keyboard.press('Enter');
        return shown(p.locator('.statusbar-item', { hasText: /^Ln 5, Col/ }));
      }, 'debug-receiver.js open at line 5', 120_000);
      await p.keyboard.press('F9');
      await p.locator('.editor-instance .codicon-debug-breakpoint').first().waitFor({ timeout: 30_000 });
      await runCommand(p, 'View: Show Testing');
      await expand(testRow(p, 'Delivery: signed deliveries, retries, order'));
      const retry = testRow(p, 'The same delivery twice (a retry) is answered 2xx both times');
      await retry.hover();
      await retry.locator('.action-label[aria-label^="Debug Test"]').click({ timeout: 10_000 });
      // Stopped in the handler: the editor marks the paused line, the debug toolbar is up.
      const paused = p.locator('.editor-instance .codicon-debug-stackframe, .editor-instance .codicon-debug-breakpoint-stackframe').first();
      await paused.waitFor({ timeout: 60_000 });
      await p.locator('.debug-toolbar').waitFor({ timeout: 30_000 });
      await theme(p, 'Default Dark Modern');
      await shoot(p, shots, 'receiver-debug-dark');
      await theme(p, 'Default Light Modern');
      // Continue at each stop (the delivery and its retry): the run ends by stopping the session it started.
      const toolbar = p.locator('.debug-toolbar');
      // The toolbar's Continue, enabled only while paused (the palette's Continue is hidden otherwise).
      const resume = toolbar.locator('.action-label.codicon-debug-continue:not(.disabled)');
      for (let i = 0; i < 20 && (await toolbar.isVisible()); i++) {
        if (await resume.isVisible()) await resume.click({ timeout: 2000 }).catch(() => undefined); // re-rendered as the state changes: look again
        await Promise.race([resume.waitFor({ state: 'visible', timeout: 3000 }), toolbar.waitFor({ state: 'hidden', timeout: 3000 })]).catch(() => undefined);
      }
      await toolbar.waitFor({ state: 'hidden', timeout: 30_000 });
      await runCommand(p, 'View: Show Testing');
      await p.waitForFunction(() => [...document.querySelectorAll('.test-explorer .monaco-list-row')].some((r) => (r.textContent ?? '').includes('The same delivery twice') && /Passed/i.test(r.getAttribute('aria-label') ?? '')), undefined, { timeout: 15_000 });
    } finally {
      await p.keyboard.press('Escape');
      await runCommand(p, 'Remove All Breakpoints');
      await runCommand(p, 'View: Close All Editors');
      fs.rmSync(script, { force: true });
      fs.rmSync(path.join(workspace, '.vscode/launch.json'), { force: true });
      await setStringSetting(p, 'transcrypts.receiver.url', url, settingsFile());
    }
  });
});
