import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { page, stepsDependOnEachOther, ui } from './hooks';
import { sandboxClient } from './sandboxApi';
import { dialogButton, notification, openContainer, runCommand, settled, treeRow } from './workbench';

const shots = process.env.SCREENSHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shots-'));

/** A CodeLens of the active editor by its text (CodeLens render with their lines: those near the top). */
function lens(p: Page, text: string) {
  return p.locator('.editor-instance .codelens-decoration a', { hasText: text }).first();
}

interface FileShape {
  environments: Record<string, unknown[]>;
}

describe('UI: configurations as code — Export, edit, Plan (CodeLens), Apply, in sync', function () {
  this.timeout(180_000);
  stepsDependOnEachOther(this);
  const NAME = 'Config UI receiver';

  before(async () => {
    const p = page();
    await openContainer(p, 'Transcrypts');
    const useSandbox = p.getByRole('button', { name: 'Use the Local Sandbox', exact: true });
    const sandboxRow = treeRow(p, /^Sandbox environment, /);
    // Connected by an earlier suite, or not yet (this suite alone): whichever the view shows once it has answered.
    await useSandbox.or(sandboxRow).first().waitFor({ timeout: 30_000 });
    if (await useSandbox.isVisible().catch(() => false)) await useSandbox.click();
    await sandboxRow.waitFor({ timeout: 30_000 });
    await runCommand(p, 'View: Close All Editors');
    await runCommand(p, 'Notifications: Clear All Notifications');
  });

  after(async () => {
    const client = await sandboxClient(page());
    for (const w of await client.listWebhooks()) if (w.name === NAME) await client.deleteWebhook(w.id);
    const file = path.join(ui.server?.workspace ?? '', 'transcrypts.webhooks.json');
    fs.rmSync(file, { force: true });
  });

  it('exports the platform into the file, and plans an edit from its CodeLens into the diff editor', async () => {
    const p = page();
    await runCommand(p, 'Transcrypts: Export Configurations to File');
    await p.locator('.tab.active', { hasText: 'transcrypts.webhooks.json' }).waitFor({ timeout: 30_000 });
    await notification(p, /^Exported /).waitFor({ timeout: 30_000 });
    await runCommand(p, 'Notifications: Clear All Notifications');
    await lens(p, 'Plan all').waitFor({ timeout: 30_000 });
    await lens(p, 'Plan Development').waitFor({ timeout: 30_000 });
    const file = path.join(ui.server?.workspace ?? '', 'transcrypts.webhooks.json');
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as FileShape;
    assert.ok((exported.environments['sandbox'] ?? []).length > 0, 'the sandbox section');
    // Edit through the editor, as a user does: a new entry typed at the start of the sandbox section.
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('"sandbox": [')) + 1;
    assert.ok(line > 0);
    await p.locator('.editor-instance .view-lines').first().click();
    await p.keyboard.press('Control+G');
    await p.keyboard.type(String(line));
    await p.keyboard.press('Enter');
    await p.keyboard.press('End');
    // Typed one character at a time: the editor's closing brackets and quotes are typed over.
    await p.keyboard.type(`{"name": "${NAME}", "webhook_url": "http://127.0.0.1:9/config-ui", "events": ["order-created"]},`);
    await p.keyboard.press('Control+S');
    await p.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 30_000 });
    await p.keyboard.press('Control+Home');
    await lens(p, 'Plan all').click();
    await p.locator('.tab', { hasText: 'Platform ↔ transcrypts.webhooks.json' }).waitFor({ timeout: 30_000 });
    await notification(p, 'dev: in sync · prod: in sync · sandbox: 1 to create, 0 to change, 0 to delete').waitFor({ timeout: 30_000 });
    await p.locator('.editor-instance .line-insert').first().waitFor({ timeout: 30_000 });
    await p.mouse.move(1, 1);
    await settled(p);
    await p.screenshot({ path: path.join(shots, 'config-plan-light.png') });
  });

  it('applies from the plan\'s notification after a confirmation; the tree has it, and a new plan is in sync', async () => {
    const p = page();
    await p.locator('.notifications-toasts .notification-list-item', { hasText: '1 to create' }).locator('.monaco-button', { hasText: 'Apply' }).click();
    await dialogButton(p, 'Apply');
    await notification(p, /^Applied: dev: in sync · prod: in sync · sandbox: 1 to create/).waitFor({ timeout: 30_000 });
    await treeRow(p, new RegExp(`^${NAME}, `)).waitFor({ timeout: 30_000 });
    await runCommand(p, 'Notifications: Clear All Notifications');
    await p.getByRole('tab', { name: /^transcrypts\.webhooks\.json/ }).click();
    await lens(p, 'Plan all').click();
    await notification(p, 'dev: in sync · prod: in sync · sandbox: in sync').waitFor({ timeout: 30_000 });
  });
});
