import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { startSandbox } from '../../src/sandbox';
import { page, stepsDependOnEachOther, ui } from './hooks';
import { sandboxClient } from './sandboxApi';
import { answer, contextMenu, dialogButton, notification, openConnectFormAt, reloadWindow, setStringSetting, openContainer, quickInput, quickInputClosed, quickInputMessage, runCommand, treeRow, waitForStep, eventually } from './workbench';

/** Rests the pointer on `row` until `hover` shows: moved onto it, then a pixel further. */
async function hoverUntil(row: Locator, hover: Locator, what: string): Promise<void> {
  await eventually(async () => {
    await row.hover({ position: { x: 60, y: 8 } });
    await row.hover({ position: { x: 64, y: 9 } });
    return hover.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
  }, what, 60_000);
}

describe('UI: the Webhooks sidebar', function () {
  this.timeout(120_000);
  // Each step builds on the one before: stop at the first failure.
  stepsDependOnEachOther(this);

  it('connects to the local sandbox from the welcome view; the three environments appear', async () => {
    const p = page();
    await openContainer(p, 'Transcrypts');
    await p.getByRole('button', { name: 'Use the Local Sandbox', exact: true }).click();
    await treeRow(p, /^Sandbox environment, 3 configurations/).waitFor({ timeout: 30_000 });
    await treeRow(p, /^Development environment, 2 configurations/).waitFor();
    await treeRow(p, /^Production environment, 3 configurations/).waitFor();
    await treeRow(p, /^Local receiver, /).waitFor();
    // Failure rates arrive after the first render: the configuration whose recent deliveries fail turns "failing".
    await treeRow(p, /^Order updates \(local\), failing, /).waitFor({ timeout: 30_000 });
    const status = p.locator('.statusbar-item', { hasText: /Transcrypts: sandbox :\d+/ });
    await status.waitFor({ timeout: 30_000 });
  });

  it('shows a configuration\'s details in its tooltip on hover (built when asked)', async () => {
    const p = page();
    const row = treeRow(p, /^Local receiver, /);
    const hover = p.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Environment' }).first();
    await hoverUntil(row, hover, 'the configuration\'s hover');
    const text = (await hover.textContent()) ?? '';
    for (const part of ['Local receiver', 'URL', '127.0.0.1:3000', 'Events', 'Created']) assert.ok(text.includes(part), `${part} in: ${text}`);
    await p.mouse.move(1, 1);
    await p.keyboard.press('Escape');
  });

  it('shows a group\'s tooltip on hover, resolved when asked: Production of the local sandbox holds sample data', async () => {
    const p = page();
    const row = treeRow(p, /^Production environment, /);
    const hover = p.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Production of the local sandbox' }).first();
    await hoverUntil(row, hover, 'Production\'s hover');
    assert.match((await hover.textContent()) ?? '', /sample data on this machine/);
    if (process.env.SCREENSHOTS_DIR) await p.screenshot({ path: path.join(process.env.SCREENSHOTS_DIR, 'production-tooltip.png') });
    await p.mouse.move(1, 1);
    await p.keyboard.press('Escape');
  });

  it('creates a configuration through the multi-step input, with Back and a server field error', async () => {
    const p = page();
    await p.locator('.part.sidebar .composite.title a.action-label[aria-label="New Webhook Configuration…"]').click();
    await waitForStep(p, /New Webhook Configuration.*1\/4/);
    await answer(p, 'Sandbox');
    await waitForStep(p, /2\/4/);
    await answer(p, 'UI created');
    await waitForStep(p, /3\/4/);
    // Back keeps what was typed.
    await p.locator('.quick-input-widget .codicon-quick-input-back').click();
    await waitForStep(p, /2\/4/);
    assert.equal(await quickInput(p).inputValue(), 'UI created');
    await p.keyboard.press('Enter');
    await waitForStep(p, /3\/4/);
    // Client-side validation as the user types.
    await quickInput(p).fill('not a url');
    await quickInputMessage(p).filter({ hasText: 'Enter an absolute URL' }).waitFor();
    // A URL the sandbox already has in this environment: the server refuses it (400).
    await answer(p, 'http://127.0.0.1:3000/webhooks/transcrypts');
    await waitForStep(p, /4\/4/);
    await p.locator('.quick-input-list .monaco-list-row', { hasText: 'All events (19)' }).click();
    await p.keyboard.press('Enter');
    // Back at the URL step with the server's message and what was typed.
    await waitForStep(p, /3\/4/);
    await quickInputMessage(p).filter({ hasText: 'Webhook url for sandbox already registered' }).waitFor();
    assert.equal(await quickInput(p).inputValue(), 'http://127.0.0.1:3000/webhooks/transcrypts');
    await answer(p, 'http://127.0.0.1:3555/ui-hook');
    await waitForStep(p, /4\/4/);
    // An event type the list does not have: typed as it is, then listed and ticked.
    await quickInput(p).fill('Other event'); // the list is long: filter to the row
    await p.locator('.quick-input-list .monaco-list-row', { hasText: 'Other event type…' }).click();
    await quickInput(p).fill('');
    await p.keyboard.press('Enter');
    // The free-value box, not the list closing behind it (its placeholder is the example).
    await p.waitForFunction(() => document.querySelector('.quick-input-widget input')?.getAttribute('placeholder') === 'payment-created', undefined, { timeout: 15_000 });
    await answer(p, 'payment-created');
    // The free-value box is step 4/4 too: wait for the events list itself to be back.
    await p.waitForFunction(() => (document.querySelector('.quick-input-widget input')?.getAttribute('placeholder') ?? '').startsWith('Events to deliver'), undefined, { timeout: 15_000 });
    await quickInput(p).fill('payment-created');
    const custom = p.locator('.quick-input-list .monaco-list-row', { hasText: 'payment-created' });
    await custom.waitFor(); // listed (and ticked: the server's refusal below names it)
    await quickInput(p).fill('');
    // This sandbox knows only the documented types: it refuses it, and the form comes back at the events.
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => (document.querySelector('.quick-input-widget input')?.getAttribute('placeholder') ?? '').includes('payment-created'), undefined, { timeout: 15_000 });
    await quickInput(p).fill('payment-created');
    await custom.click(); // untick it; the events chosen before are kept
    await quickInput(p).fill('');
    await p.keyboard.press('Enter');
    await treeRow(p, /^UI created, enabled, http:\/\/127\.0\.0\.1:3555\/ui-hook/).waitFor({ timeout: 30_000 });
    await treeRow(p, /^Sandbox environment, 4 configurations/).waitFor();
  });

  it('asks the environment from the view title even with a configuration selected, names it in each step, and confirms a production create', async () => {
    const p = page();
    await treeRow(p, /^Production receiver, /).click();
    await p.locator('.part.sidebar .composite.title a.action-label[aria-label="New Webhook Configuration…"]').click();
    await waitForStep(p, /^New Webhook Configuration.*1\/4/);
    await answer(p, 'Production');
    await waitForStep(p, /New Webhook Configuration in Production.*2\/4/);
    await answer(p, 'UI production hook');
    await waitForStep(p, /in Production.*3\/4/);
    await answer(p, 'https://ui-prod.example.com/hook');
    await waitForStep(p, /in Production.*4\/4/);
    // "All events" checks every event type, and unchecking it unchecks them all.
    const count = p.locator('.quick-input-widget .quick-input-count .monaco-count-badge');
    const allEvents = p.locator('.quick-input-list .monaco-list-row', { hasText: 'All events (19)' });
    await allEvents.click();
    await p.waitForFunction(() => document.querySelector('.quick-input-widget .quick-input-count .monaco-count-badge')?.textContent?.startsWith('20 ') === true, undefined, { timeout: 10_000 });
    await allEvents.click();
    await p.waitForFunction(() => document.querySelector('.quick-input-widget .quick-input-count .monaco-count-badge')?.textContent?.startsWith('0 ') === true, undefined, { timeout: 10_000 });
    assert.match((await count.textContent()) ?? '', /^0 /);
    await p.keyboard.press('Enter');
    // Production: a modal question before anything is sent; declining brings the form back, with what was typed.
    await p.locator('.monaco-dialog-box', { hasText: 'Create "UI production hook" in Production?' }).waitFor({ timeout: 30_000 });
    await p.keyboard.press('Escape');
    await waitForStep(p, /in Production.*4\/4/);
    await p.keyboard.press('Enter');
    await dialogButton(p, 'Create in Production');
    await notification(p, 'Created "UI production hook" in Production.').waitFor({ timeout: 30_000 });
    await treeRow(p, /^Production environment, 4 configurations/).waitFor({ timeout: 30_000 });
    // Back to the seeded three for the tests that follow.
    const client = await sandboxClient(p, 'prod');
    const made = (await client.listWebhooks()).find((w) => w.name === 'UI production hook' && w.env_type === 'prod');
    assert.ok(made);
    await client.deleteWebhook(made.id);
    await runCommand(p, 'Transcrypts: Refresh');
    await treeRow(p, /^Production environment, 3 configurations/).waitFor({ timeout: 30_000 });
    // Leave the tree as the next tests expect it: the item collapsed again, no hover over the tree.
    await treeRow(p, /^Production receiver, /).click();
    await p.mouse.move(900, 700);
  });

  it('renames it from its context menu', async () => {
    const p = page();
    await contextMenu(p, treeRow(p, /^UI created, /), 'Rename…');
    await waitForStep(p, /Edit "UI created"/);
    assert.equal(await quickInput(p).inputValue(), 'UI created');
    await answer(p, 'UI renamed');
    await treeRow(p, /^UI renamed, enabled, /).waitFor({ timeout: 30_000 });
    assert.equal(await treeRow(p, /^UI created, /).count(), 0);
  });

  it('edits the whole configuration as a form (URL and state); an unchanged form sends nothing and says so', async () => {
    const p = page();
    await contextMenu(p, treeRow(p, /^UI renamed, /), 'Edit Configuration…');
    await waitForStep(p, /Edit "UI renamed".*1\/4/);
    await p.keyboard.press('Enter'); // the name stays
    await waitForStep(p, /2\/4/);
    await answer(p, 'http://127.0.0.1:3556/ui-hook-edited');
    await waitForStep(p, /3\/4/);
    await p.keyboard.press('Enter'); // the events stay
    await waitForStep(p, /4\/4/);
    await answer(p, 'Disabled');
    await treeRow(p, /^UI renamed, disabled, http:\/\/127\.0\.0\.1:3556\/ui-hook-edited/).waitFor({ timeout: 30_000 });
    const client = await sandboxClient(p);
    const saved = (await client.listWebhooks()).find((w) => w.name === 'UI renamed');
    assert.ok(saved);
    assert.deepEqual([saved.webhook_url, saved.enabled, saved.events.length], ['http://127.0.0.1:3556/ui-hook-edited', false, 19]);
    // Through the form again without a change: nothing is sent.
    await contextMenu(p, treeRow(p, /^UI renamed, /), 'Edit Configuration…');
    for (const step of [/1\/4/, /2\/4/, /3\/4/, /4\/4/]) {
      await waitForStep(p, step);
      await p.keyboard.press('Enter');
    }
    await notification(p, 'Nothing changed.').waitFor({ timeout: 30_000 });
  });

  it('deletes a production configuration only after its name is typed', async () => {
    const p = page();
    await contextMenu(p, treeRow(p, /^Auto-disabled backup, /), 'Delete…');
    await quickInput(p).waitFor({ state: 'visible' });
    await quickInput(p).fill('Auto-disabled');
    await quickInputMessage(p).filter({ hasText: 'Type "Auto-disabled backup" exactly' }).waitFor();
    await p.keyboard.press('Enter');
    assert.equal(await treeRow(p, /^Auto-disabled backup, /).count(), 1, 'a wrong name deletes nothing');
    await answer(p, 'Auto-disabled backup');
    await treeRow(p, /^Production environment, 2 configurations/).waitFor({ timeout: 30_000 });
    assert.equal(await treeRow(p, /^Auto-disabled backup, /).count(), 0);
  });

  it('deletes a sandbox configuration after a modal confirmation', async () => {
    const p = page();
    await contextMenu(p, treeRow(p, /^UI renamed, /), 'Delete…');
    await dialogButton(p, 'Delete');
    await treeRow(p, /^Sandbox environment, 3 configurations/).waitFor({ timeout: 30_000 });
  });

  it('restores the connection after a window reload, without asking, and never shows the welcome meanwhile', async () => {
    const p = page();
    // From the reloaded page's first script: whether the welcome (signed out) is ever rendered while the
    // extension activates. It used to flash for the time activation takes: its when clause held until then.
    await p.addInitScript(`(() => {
      const seen = () => [...document.querySelectorAll('.welcome-view-content')].some((e) => (e.textContent || '').includes('See and change your Transcrypts'));
      const observer = new MutationObserver(() => { if (seen()) window.__welcomeShown = true; });
      addEventListener('DOMContentLoaded', () => observer.observe(document.body, { subtree: true, childList: true }));
      setTimeout(() => observer.disconnect(), 30000);
    })()`);
    await reloadWindow(p);
    await openContainer(p, 'Transcrypts');
    await treeRow(p, /^Production environment, 2 configurations/).waitFor({ timeout: 60_000 });
    assert.equal(await p.evaluate('window.__welcomeShown === true'), false, 'the welcome view flashed before the restored tree');
  });

  it('shows the connection in the status bar; its actions open from there', async () => {
    const p = page();
    const item = p.locator('.statusbar-item', { hasText: /Transcrypts: sandbox :\d+/ });
    await item.waitFor({ timeout: 30_000 });
    // Which sandbox: embedded or not, its address, profile and data folder.
    assert.match((await item.getAttribute('aria-label')) ?? '', /Connected to the embedded local sandbox on http:\/\/127\.0\.0\.1:\d+\/v1\/ \(truv profile, data in \/.+sandbox-truv\)/);
    await item.click();
    const rows = p.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible' });
    const labels = await rows.allTextContents();
    for (const want of ['Connect to Transcrypts', 'Refresh', 'Sign Out', 'Set Replay Test Secret for This Workspace', 'Check Fixtures Against Recent Deliveries', 'Show Logs']) {
      assert.ok(labels.some((l) => l.includes(want)), `${want} in ${labels.join(' | ')}`);
    }
    assert.ok(!labels.some((l) => l.includes('Use the Local Sandbox')), 'already on the sandbox');
    await answer(p, 'Show Logs');
    await p.locator('.panel .monaco-editor', { hasText: 'Transcrypts Webhooks' }).first().waitFor({ timeout: 30_000 });
    // The panel would take height from the editors of the following tests.
    await runCommand(p, 'View: Hide Panel');
    await p.locator('.panel .monaco-editor').first().waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('signs out: the secrets are forgotten and the welcome returns', async () => {
    const p = page();
    await runCommand(p, 'Transcrypts: Sign Out');
    await dialogButton(p, 'Sign Out');
    await p.getByRole('button', { name: 'Use the Local Sandbox', exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(await treeRow(p, /^Sandbox environment/).count(), 0);
  });

  it('connects to an API of the documented kind (transcrypts profile): any client id, prefixes only warn, a rejected secret comes back; after a reload with slow lists, last session\'s configurations show, then the lists', async () => {
    const p = page();
    // The platform's documents: Development and Production, UUID ids, no "enabled", secrets without prefixes.
    const api = await startSandbox({ seed: true, profile: 'transcrypts' });
    try {
      await setStringSetting(p, 'transcrypts.apiBaseUrl', api.baseUrl, path.join(ui.server?.scratch ?? '', 'ud', 'User', 'settings.json'));
      const before = api.store.requests.length;
      await openConnectFormAt(p, new URL(api.baseUrl).host);
      await waitForStep(p, /Connect to Transcrypts \(127\.0\.0\.1:\d+\).*1\/3/);
      await quickInput(p).fill('not an id');
      await quickInputMessage(p).filter({ hasText: 'A client id has no spaces.' }).waitFor();
      await quickInput(p).fill('XYZ');
      await quickInputMessage(p).filter({ hasText: 'not 32 hex characters' }).waitFor();
      await answer(p, api.credentials.clientId);
      await waitForStep(p, /2\/3/);
      // Development is chosen first (the setting's order); add Production.
      await p.locator('.quick-input-list .monaco-list-row', { hasText: 'Production' }).click();
      await p.keyboard.press('Enter');
      await waitForStep(p, /3\/4/);
      // A prod-looking secret for Development: a warning, then a choice, never a refusal.
      await quickInput(p).fill('prod-0123456789');
      await quickInputMessage(p).filter({ hasText: 'This looks like a prod secret' }).waitFor();
      await p.keyboard.press('Enter');
      await dialogButton(p, 'Cancel');
      await waitForStep(p, /3\/4/);
      await answer(p, 'not-the-right-secret');
      await waitForStep(p, /4\/4/);
      await answer(p, api.credentials.secrets.prod ?? '');
      // Checked with a list call: the dev secret is rejected and the input comes back at it.
      await waitForStep(p, /3\/4/);
      await quickInputMessage(p).filter({ hasText: 'The dev secret was rejected (401)' }).waitFor({ timeout: 30_000 });
      await answer(p, api.credentials.secrets.dev ?? '');
      await waitForStep(p, /4\/4/);
      await p.keyboard.press('Enter');
      await treeRow(p, /^Development environment, 5 configurations/).waitFor({ timeout: 30_000 });
      await treeRow(p, /^Production environment, 3 configurations/).waitFor();
      assert.equal(await treeRow(p, /^Sandbox environment/).count(), 0, 'no environment the user did not choose, and no missing-secret noise');
      assert.equal(await treeRow(p, /no secret/).count(), 0);
      // No "enabled" field: no enabled/disabled state, and no Enable/Disable action.
      const row = treeRow(p, /^Production receiver, active, /);
      await row.waitFor();
      await row.click({ button: 'right' });
      await p.locator('.context-view .action-label', { hasText: 'Copy ID' }).waitFor();
      assert.equal(await p.locator('.context-view .action-label', { hasText: /^(Enable|Disable)$/ }).count(), 0);
      await p.keyboard.press('Escape');
      // Nor in the palette (m5): nothing there could be enabled or disabled.
      await quickInputClosed(p);
      await p.keyboard.press('F1');
      try {
        await quickInput(p).fill('>Transcrypts: Disable');
        // The palette has answered the query (it fills in similar commands when nothing matches exactly).
        const rows = p.locator('.quick-input-widget .monaco-list-row');
        await rows.first().waitFor({ timeout: 30_000 });
        const labels = (await rows.allTextContents()).map((t) => t.trim());
        assert.ok(!labels.some((t) => t.startsWith('Transcrypts: Disable')), `offered: ${labels.join(' | ')}`);
      } finally {
        await p.keyboard.press('Escape');
        await quickInputClosed(p);
      }
      // That API is a sandbox started outside VS Code: it is the local sandbox (Trigger Test Event works there).
      // (While the probe asks, the item already says "sandbox", its tooltip that it is checking.)
      const bar = p.locator('.statusbar-item[aria-label*="a local sandbox started outside VS Code"]', { hasText: /Transcrypts: sandbox :\d+/ });
      await bar.waitFor();
      assert.match((await bar.getAttribute('aria-label')) ?? '', /a local sandbox started outside VS Code on http:\/\/127\.0\.0\.1:\d+\/v1\/ \(transcrypts profile/);
      assert.equal(api.store.requests.length, before, 'no delivery was made by connecting');

      // After a reload, with the lists slower than at the last start, last session's configurations are painted,
      // marked as updating, while the lists are fetched again (here slowed far beyond any reload); then the lists
      // replace them: one was deleted meanwhile.
      const snapshotFile = path.join(ui.server?.scratch ?? '', 'ud', 'User', 'globalStorage', 'transcrypts.transcrypts-webhooks', 'sidebar-snapshot.json');
      const gone = [...api.store.webhooks.values()].find((w) => w.env_type === 'dev');
      assert.ok(gone);
      await eventually(() => fs.existsSync(snapshotFile) && fs.readFileSync(snapshotFile, 'utf8').includes(gone.id), 'the sidebar snapshot with the configuration');
      const kept = fs.readFileSync(snapshotFile, 'utf8');
      for (const secret of Object.values(api.credentials.secrets)) assert.ok(!kept.includes(secret), 'no secret in the snapshot');
      api.store.deleteWebhook(gone.id);
      // The lists answer only after the snapshot was seen, however slow the machine: slowed far beyond any reload,
      // then released, and fetched again.
      api.faults.set({ latency_ms: 120_000 });
      try {
        await reloadWindow(p);
        await openContainer(p, 'Transcrypts');
        const goneRow = treeRow(p, new RegExp(`^${gone.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, `));
        await treeRow(p, /^Development environment, 5 configurations · updating…/).waitFor({ timeout: 60_000 });
        await goneRow.waitFor({ timeout: 30_000 });
        // A first load that takes a while shows the view's progress bar (a quick one does not: no flicker).
        await p.locator('.part.sidebar .monaco-progress-container.active.infinite').first().waitFor({ timeout: 30_000 });
        api.faults.clear();
        await runCommand(p, 'Transcrypts: Refresh');
        await treeRow(p, /^Development environment, 4 configurations$/).waitFor({ timeout: 30_000 });
        assert.equal(await goneRow.count(), 0, 'the deleted configuration is gone once the list answered');
      } finally {
        api.faults.clear();
      }

      await runCommand(p, 'Transcrypts: Sign Out');
      await dialogButton(p, 'Sign Out');
      await p.getByRole('button', { name: 'Use the Local Sandbox', exact: true }).waitFor({ timeout: 30_000 });
      // Nothing of that connection is kept.
      await eventually(() => !fs.existsSync(snapshotFile), 'the snapshot deleted at sign-out');
    } finally {
      await api.close();
    }
  });
});
