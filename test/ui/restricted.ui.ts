/**
 * Restricted Mode, as a user who opens a folder they do not trust: the tree and the history work; saving fixtures,
 * the drift check and the workspace test secret wait for trust and say so; the folder's API address is ignored.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { scratchDir, startCodeServer, type CodeServer } from '../harness/codeServer';
import { stepsDependOnEachOther, ui } from './hooks';
import { contextMenu, notification, openContainer, runCommand, treeRow, waitForStep, webviewFrame } from './workbench';

describe('UI: Restricted Mode (a folder the user does not trust)', function () {
  this.timeout(180_000);
  stepsDependOnEachOther(this);
  let server: CodeServer;
  let p: Page;
  let workspace: string;

  before(async function () {
    this.timeout(120_000);
    const home = scratchDir();
    workspace = path.join(home, 'untrusted');
    // The folder asks to send the secrets elsewhere: an untrusted folder's API address must not count.
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'transcrypts.apiBaseUrl': 'http://127.0.0.1:9/v1/' }));
    server = await startCodeServer({ home, workspace, trust: true, settings: { 'transcrypts.sandbox.profile': 'truv' } });
    assert.ok(ui.browser);
    p = await ui.browser.newPage();
    await p.goto(server.workbenchUrl());
  });

  after(async () => {
    await p?.close().catch(() => undefined);
    await server?.stop();
  });

  it('opens in Restricted Mode; the tree works and the folder\'s API address is ignored', async () => {
    await p.locator('.monaco-dialog-box .monaco-button', { hasText: 'No, I don\'t trust the authors' }).click({ timeout: 60_000 });
    await p.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
    await openContainer(p, 'Transcrypts');
    await runCommand(p, 'Transcrypts: Connect to Transcrypts…');
    await waitForStep(p, /prod\.transcrypts\.com/);
    await p.keyboard.press('Escape');
    await p.getByRole('button', { name: 'Use the Local Sandbox', exact: true }).click();
    await treeRow(p, /^Sandbox environment, \d+ configurations?/).waitFor({ timeout: 30_000 });
  });

  it('says that saving fixtures, the drift check and the test secret wait for trust, and writes nothing', async () => {
    await runCommand(p, 'Transcrypts: Check Fixtures Against Recent Deliveries');
    await notification(p, 'The drift check of fixtures waits for trust').waitFor({ timeout: 30_000 });
    await runCommand(p, 'Transcrypts: Set Replay Test Secret for This Workspace…');
    await notification(p, 'A test secret for this workspace waits for trust').waitFor({ timeout: 30_000 });
    await contextMenu(p, treeRow(p, /^Sandbox environment, /), 'Open Request History');
    const frame = await webviewFrame(p, 'Request history: Sandbox');
    await frame.locator('.list .row:not(.head)').first().click();
    await frame.locator('#save-fixture').click();
    await notification(p, 'Saving fixtures waits for trust').waitFor({ timeout: 30_000 });
    await p.locator('.notifications-toasts .monaco-button', { hasText: 'Manage Workspace Trust' }).first().waitFor();
    assert.deepEqual(fs.readdirSync(workspace), ['.vscode'], 'nothing was written into the folder');
  });
});
