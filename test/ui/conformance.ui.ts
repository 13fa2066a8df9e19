/**
 * A user with a real account of the documented kind, in the browser: connects to a server that serves the
 * documents' examples verbatim (not our sandbox) with a client id and a secret of no particular form, sees the
 * [seed] configuration and an undocumented env_type, and reads, highlights and saves every documented delivery.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import ts from 'typescript';
import { payloadOfModule } from '../../src/core/fixtures/module';
import { DOCUMENTED_PAYLOADS, HOSTILE_ROW, SEED_ROW } from '../conformance/examples';
import { CLIENT_ID, SECRET, startConformanceServer, type ConformanceServer } from '../conformance/server';
import { page, stepsDependOnEachOther, ui } from './hooks';
import { answer, contextMenu, eventually, openConnectFormAt, setStringSetting, signedOut, treeRow, waitForStep, webviewFrame } from './workbench';

async function settled(f: Frame): Promise<void> {
  await f.waitForFunction(() => !(window as unknown as { __history: { loading(): boolean } }).__history.loading(), undefined, { timeout: 30_000 });
}

async function fact(f: Frame, name: string): Promise<string | undefined> {
  return f.evaluate((n) => {
    const dt = Array.from(document.querySelectorAll('.facts dt')).find((d) => d.textContent === n);
    return dt?.nextElementSibling?.textContent ?? undefined;
  }, name);
}

/** Show only the delivery with this id and select it. */
async function select(f: Frame, id: string): Promise<void> {
  await f.locator('#f-text').fill(id);
  await f.waitForFunction((q) => (document.querySelector('.summary')?.textContent ?? '').includes(q), id, { timeout: 30_000 });
  await f.locator('.list .row:not(.head)').first().click();
  await f.waitForFunction((q) => Array.from(document.querySelectorAll('.facts dd')).some((d) => d.textContent === q), id, { timeout: 15_000 });
}

async function waitForFile(dir: string, suffix: string): Promise<string> {
  let f: string | undefined;
  await eventually(() => (f = fs.existsSync(dir) ? fs.readdirSync(dir).find((x) => x.endsWith(suffix)) : undefined) !== undefined, `a file *${suffix} in ${dir}`, 30_000);
  return path.join(dir, f ?? '');
}

describe('UI: the documents\' examples, served verbatim by a server that is not our sandbox', function () {
  this.timeout(180_000);
  stepsDependOnEachOther(this);
  let srv: ConformanceServer;
  let frame: Frame;

  before(async () => {
    srv = await startConformanceServer({ staging: true, hostileRow: true });
  });

  after(async () => {
    await srv.close();
  });

  it('connects with a client id and a secret of no particular form; the [seed] configuration and an undocumented env_type show', async () => {
    const p = page();
    await signedOut(p);
    await setStringSetting(p, 'transcrypts.apiBaseUrl', srv.baseUrl, path.join(ui.server?.scratch ?? '', 'ud', 'User', 'settings.json'));
    // The form names the address it connects to: the setting may reach the extension host a moment after the file.
    await openConnectFormAt(p, new URL(srv.baseUrl).host);
    await answer(p, CLIENT_ID);
    await waitForStep(p, /2\/3/);
    await p.keyboard.press('Enter'); // Development, the first offered
    await waitForStep(p, /3\/3/);
    await answer(p, SECRET);
    await treeRow(p, /^Development environment, 1 configuration/).waitFor({ timeout: 30_000 });
    await treeRow(p, /^staging environment, 1 configuration · read-only/).waitFor();
    await treeRow(p, /^string, failing, /).waitFor(); // the [seed] example's name is "string"
  });

  it('lists every documented delivery, opens and highlights each, naming it by its payload', async () => {
    const p = page();
    await contextMenu(p, treeRow(p, /^Development environment, /), 'Open Request History');
    frame = await webviewFrame(p, 'Request history: Development');
    await settled(frame);
    assert.match((await frame.locator('.summary').textContent()) ?? '', new RegExp(`${2 + Object.keys(DOCUMENTED_PAYLOADS).length} shown`));
    for (const [event, payload] of Object.entries(DOCUMENTED_PAYLOADS)) {
      await select(frame, String(payload.webhook_id));
      assert.equal(await fact(frame, 'Event'), event);
      await frame.locator('.payload .token.property', { hasText: '"webhook_id"' }).first().waitFor();
    }
    // The [seed] row: its own webhook_id and event_type differ from its payload's; both are shown.
    await select(frame, SEED_ROW.webhook_payload.webhook_id);
    assert.equal(await fact(frame, 'Event'), 'order-status-updated');
    assert.equal(await fact(frame, 'Event (history row)'), 'task-status-updated');
    assert.equal(await fact(frame, 'Webhook id (history row)'), SEED_ROW.webhook_id);
  });

  it('keeps the action bar at the top of a delivery with a 1 MB error; an invalid status and a bidi override show as such', async () => {
    await select(frame, HOSTILE_ROW.webhook_id);
    assert.equal(await fact(frame, 'Status'), 'invalid (999)');
    assert.equal(await fact(frame, 'Event'), 'evil\\u202Etxt.exe');
    // The buttons sit at the top of the detail pane, above the facts, whatever their length.
    const box = await frame.locator('#copy-payload').boundingBox();
    const pane = await frame.locator('.detail').boundingBox();
    const facts = await frame.locator('.facts').boundingBox();
    assert.ok(box && pane && facts, 'laid out');
    assert.ok(box.y - pane.y < 40 && box.y < facts.y, `the buttons are at the top (button y ${box.y}, pane y ${pane.y}, facts y ${facts.y})`);
    const error = (await fact(frame, 'Error')) ?? '';
    assert.ok(error.length < 1_000 && error.includes('more characters'), `the error is cut (${error.length})`);
    await frame.locator('.facts .show-all').click();
    assert.equal((await fact(frame, 'Error'))?.length, HOSTILE_ROW.error_message.length, 'Show all shows all of it, as text');
    assert.equal(await frame.locator('.list .row:not(.head) .status').first().textContent(), 'invalid (999)');
    await select(frame, SEED_ROW.webhook_payload.webhook_id);
  });

  it('saves the [seed] delivery as a TypeScript fixture named by its payload, compiling --strict', async () => {
    const p = page();
    await frame.locator('#save-fixture-as').click();
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'TypeScript' }).click();
    const file = await waitForFile(path.join(ui.server?.workspace ?? '', 'test/fixtures/transcrypts/order-status-updated'), `${SEED_ROW.webhook_payload.webhook_id}.ts`);
    // The save opens the module after writing it: until its tab is the active one, it may still open over whatever
    // the next step brings forward (a loaded run's panel tab was clicked, then covered).
    await p.locator('.tab.active', { hasText: `${SEED_ROW.webhook_payload.webhook_id}.ts` }).waitFor({ timeout: 30_000 });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /export interface OrderStatusUpdatedPayload \{/);
    assert.deepEqual(JSON.parse(payloadOfModule(text)?.json ?? 'null'), SEED_ROW.webhook_payload);
    const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true });
    assert.deepEqual(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
  });

  it('saves an instant-verification delivery ({webhook_id, event, data}) as JSON under its event', async () => {
    const p = page();
    const payload = DOCUMENTED_PAYLOADS['instant-verification-failed'];
    assert.ok(payload);
    // The saved module opened in an editor: bring the panel back (its webview is created anew).
    await p.locator('.tab', { hasText: 'History: Development' }).first().click();
    frame = await webviewFrame(p, 'Request history: Development');
    await settled(frame);
    await select(frame, String(payload.webhook_id));
    await frame.locator('#save-fixture').click();
    const file = await waitForFile(path.join(ui.server?.workspace ?? '', 'test/fixtures/transcrypts/instant-verification-failed'), `${String(payload.webhook_id)}.json`);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), payload);
  });
});
