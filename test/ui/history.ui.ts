import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import ts from 'typescript';
import { payloadOfModule } from '../../src/core/fixtures/module';
import { redact } from '../../src/core/fixtures/redact';
import { page, stepsDependOnEachOther, ui } from './hooks';
import { contrast } from './contrast';
import { allRows, identity, sandboxAdmin, sandboxClient, sandboxKeys } from './sandboxApi';
import { answer, contextMenu, dialogButton, eventually, notification, openContainer, quickInput, reloadWindow, runCommand, theme, treeRow, webviewFrame } from './workbench';

interface H {
  loaded(): number;
  shown(): number;
  loading(): boolean;
  hasMore(): boolean;
  domRows(): number;
  identity(i: number): string | undefined;
}
const h = (f: Frame) => ({
  get: <K extends keyof H>(k: K, ...args: unknown[]) =>
    f.evaluate(([key, a]) => (window as unknown as { __history: Record<string, (...x: unknown[]) => unknown> }).__history[key as string]?.(...(a as unknown[])), [k, args] as const) as Promise<ReturnType<H[K]>>,
});

async function settled(f: Frame): Promise<void> {
  await f.waitForFunction(() => !(window as unknown as { __history: H }).__history.loading(), undefined, { timeout: 30_000 });
}

async function loadAll(f: Frame): Promise<void> {
  await settled(f);
  for (let i = 0; i < 100 && (await h(f).get('hasMore')); i++) {
    await f.locator('#load-more').click();
    await settled(f);
  }
}

async function identities(f: Frame): Promise<string[]> {
  const n = await h(f).get('shown');
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await h(f).get('identity', i)) ?? '');
  return out;
}

/** Trigger an event through the sandbox, reload the list, and show (and select) only that delivery. */
async function triggerAndSelect(f: Frame, eventType: 'order-created' | 'profile-updated', payload: Record<string, unknown>): Promise<string> {
  const result = await (await sandboxClient(page())).triggerSandboxEvent('sandbox', eventType, payload);
  const id = result.deliveries[0]?.webhook_id;
  assert.ok(id);
  await f.locator('#refresh').click();
  await settled(f);
  await f.locator('#f-text').fill(id);
  // The search applies after a short debounce: wait for the summary to name it.
  await f.waitForFunction(
    (q) => (document.querySelector('.summary')?.textContent ?? '').includes(q) && (window as unknown as { __history: H }).__history.shown() > 0,
    id,
    { timeout: 30_000 },
  );
  await f.locator('.list .row:not(.head)').first().click();
  return id;
}

/** A saved fixture opens as a tab in the panel's group (the panel keeps its width): clear the toasts, bring the panel back. */
async function backToPanel(p: Page, title: string): Promise<Frame> {
  await runCommand(p, 'Notifications: Clear All Notifications');
  await p.locator('.tab', { hasText: `History: ${title}` }).first().click();
  const f = await webviewFrame(p, `Request history: ${title}`);
  await settled(f);
  return f;
}

describe('UI: the request history panel', function () {
  this.timeout(180_000);
  stepsDependOnEachOther(this);
  let frame: Frame;
  const LOCAL = 'http://127.0.0.1:3000/webhooks/transcrypts';

  it('opens from a configuration; its rows are the sandbox history for its URL, newest first', async () => {
    const p = page();
    await openContainer(p, 'Transcrypts');
    await p.getByRole('button', { name: 'Use the Local Sandbox', exact: true }).click();
    await treeRow(p, /^Local receiver, /).waitFor({ timeout: 30_000 });
    await contextMenu(p, treeRow(p, /^Local receiver, /), 'Open Request History');
    frame = await webviewFrame(p, 'Request history: Local receiver');
    await loadAll(frame);
    const expected = (await allRows(await sandboxClient(p))).filter((r) => r.webhook_url === LOCAL).map(identity);
    assert.ok(expected.length > 100, `${expected.length} rows`);
    assert.deepEqual(await identities(frame), expected);
    assert.ok((await h(frame).get('domRows')) < 80, 'the list stays virtualized');
  });

  it('fits a narrow panel: toolbar in two rows at most, time, event and status whole, the detail below the list; one configuration\'s history has no Configuration column', async () => {
    const p = page();
    const layout = () =>
      frame.evaluate(() => {
        // Rows of the wrapped toolbar: controls whose tops are within a few pixels share a row.
        const tops = Array.from(document.querySelectorAll<HTMLElement>('.toolbar > *'))
          .filter((e) => !e.hidden)
          .map((e) => e.getBoundingClientRect().top)
          .sort((x, y) => x - y);
        const rows = tops.filter((t, i) => i === 0 || t - (tops[i - 1] ?? t) > 8).length;
        const cells = Array.from(document.querySelectorAll<HTMLElement>('.list .row:not(.head) > span')).filter((e) => e.offsetParent !== null);
        const clipped = cells.filter((e, i) => i % 4 !== 1 && e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent);
        const configVisible = cells.some((e) => e === e.parentElement?.children[3]);
        const listBottom = document.querySelector('.list')?.getBoundingClientRect().bottom ?? 0;
        const detailTop = document.querySelector('.detail')?.getBoundingClientRect().top ?? 0;
        const chart = document.querySelector('.chart svg')?.getBoundingClientRect();
        const chartFits = chart !== undefined && chart.width > 0 && chart.right <= window.innerWidth && chart.height <= 80;
        // Scroll areas inside the detail besides the payload's own (m4: the facts and the replay's answer were two more).
        const innerScrollers = Array.from(document.querySelectorAll('.detail .facts, .detail .replay'))
          .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))
          .map((e) => e.className);
        const detailScrolls = ['auto', 'scroll'].includes(getComputedStyle(document.querySelector('.detail') ?? document.body).overflowY);
        // Auto-refresh's name stays beside its checkbox (m4).
        const auto = Array.from(document.querySelectorAll<HTMLElement>('.toolbar label')).find((l) => l.querySelector('input[type="checkbox"]'));
        const autoBox = auto?.querySelector('input')?.getBoundingClientRect().width ?? 0;
        const autoNamed = auto !== undefined && (auto.textContent ?? '').includes('Auto-refresh') && auto.getBoundingClientRect().width > autoBox + 30;
        return { width: window.innerWidth, toolbarRows: rows, clipped, configVisible, listBottom, detailTop, chartFits, innerScrollers, detailScrolls, autoNamed };
      });
    const wide = await layout();
    assert.equal(wide.configVisible, false, 'a configuration\'s history hides the Configuration column');
    // Half width, as when a saved fixture opens beside the panel: a new editor group to the right.
    await runCommand(p, 'View: New Editor Group to the Right');
    try {
      let width = Infinity;
      await eventually(async () => {
        frame = await webviewFrame(p, 'Request history: Local receiver');
        width = await frame.evaluate(() => window.innerWidth).catch(() => Infinity);
        return width <= 760;
      }, 'the panel at half width beside another group', 30_000);
      await frame.locator('.list .row:not(.head)').first().click();
      const narrow = await layout();
      assert.ok(narrow.toolbarRows <= 2, `the toolbar takes ${narrow.toolbarRows} rows at ${narrow.width} px`);
      assert.deepEqual(narrow.clipped, [], 'time and status are not clipped');
      assert.ok(narrow.detailTop >= narrow.listBottom - 1, 'the detail is below the list');
      assert.ok(narrow.chartFits, 'the delivery chart fits the narrow panel');
      assert.deepEqual(narrow.innerScrollers, [], 'the facts and the replay\'s answer are not scroll boxes of their own');
      assert.ok(narrow.detailScrolls, 'the detail scrolls as one');
      assert.ok(narrow.autoNamed, 'Auto-refresh keeps its name');
      assert.equal(await frame.locator('#save-all').getAttribute('aria-label'), await frame.locator('#save-all').getAttribute('title'));
    } finally {
      await runCommand(p, 'View: Join All Editor Groups');
      frame = await webviewFrame(p, 'Request history: Local receiver');
    }
  });

  it('writes the status of unselected rows at 4.5:1 or more on a light theme (m3)', async () => {
    const p = page();
    await theme(p, 'Default Light Modern');
    try {
      frame = await webviewFrame(p, 'Request history: Local receiver');
      await frame.waitForFunction(() => document.body.classList.contains('vscode-light'), undefined, { timeout: 30_000 });
      // Read in the page; computed outside it (a named function inside evaluate() would not survive the build).
      const seen = await frame.evaluate(() => ({
        background: getComputedStyle(document.body).backgroundColor,
        cells: Array.from(document.querySelectorAll<HTMLElement>('.list .row:not(.head):not(.selected):not(.active) .status')).map((c) => ({ cls: Array.from(c.classList).find((x) => /^s(\dxx|none)$/.test(x)) ?? '', color: getComputedStyle(c).color })),
      }));
      const ratios: Record<string, number> = {};
      for (const c of seen.cells) if (c.cls && !(c.cls in ratios)) ratios[c.cls] = contrast(c.color, seen.background);
      assert.ok('s2xx' in ratios, `the rows show a 2xx status: ${JSON.stringify(ratios)}`);
      for (const [cls, ratio] of Object.entries(ratios)) assert.ok(ratio >= 4.5, `${cls} at ${ratio.toFixed(2)}:1`);
    } finally {
      await theme(p, 'Default Dark Modern');
      frame = await webviewFrame(p, 'Request history: Local receiver');
    }
  });

  it('narrows by event type and exact status on the server, by status class and text on the loaded rows', async () => {
    const p = page();
    const client = await sandboxClient(p);
    const mine = (await allRows(client)).filter((r) => r.webhook_url === LOCAL);
    await frame.locator('#f-event').selectOption('order-created');
    await loadAll(frame);
    assert.deepEqual(await identities(frame), mine.filter((r) => r.event_type === 'order-created').map(identity));
    await frame.locator('#f-event').selectOption('');
    await frame.locator('#f-code').fill('200');
    await frame.locator('#f-code').dispatchEvent('change');
    await loadAll(frame);
    assert.deepEqual(await identities(frame), mine.filter((r) => r.status_code === 200).map(identity));
    await frame.locator('#f-code').fill('');
    await frame.locator('#f-code').dispatchEvent('change');
    await loadAll(frame);
    await frame.locator('#f-status').selectOption('none');
    const noResponse = mine.filter((r) => r.status_code === null).map(identity);
    assert.ok(noResponse.length > 0);
    assert.deepEqual(await identities(frame), noResponse);
    await frame.locator('#f-status').selectOption('5xx');
    assert.deepEqual(await identities(frame), mine.filter((r) => r.status_code !== null && r.status_code >= 500).map(identity));
    await frame.locator('#f-status').selectOption('');
    const target = mine[7];
    assert.ok(target);
    await frame.locator('#f-text').fill(target.webhook_id);
    await frame.waitForFunction((n) => (window as unknown as { __history: H }).__history.shown() === n, mine.filter((r) => r.webhook_id === target.webhook_id).length);
    await frame.locator('#f-text').fill('');
    await frame.waitForFunction(() => !document.querySelector('.summary')?.textContent?.includes('"'));
    // Date range: the last 3 days.
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await frame.locator('#f-from').fill(from);
    await frame.locator('#f-from').dispatchEvent('change');
    await loadAll(frame);
    const ranged = (await allRows(client, { createdAtGte: `${from}T00:00:00.000Z` })).filter((r) => r.webhook_url === LOCAL).map(identity);
    assert.deepEqual(await identities(frame), ranged);
    assert.match((await frame.locator('.summary').textContent()) ?? '', new RegExp(`${ranged.length} shown of ${ranged.length} loaded · filtered by ${from} to now`));
    await frame.locator('#f-from').fill('');
    await frame.locator('#f-from').dispatchEvent('change');
    await settled(frame);
  });

  it('pages in more as the user scrolls an environment history', async () => {
    const p = page();
    await contextMenu(p, treeRow(p, /^Sandbox environment, /), 'Open Request History');
    frame = await webviewFrame(p, 'Request history: Sandbox');
    await settled(frame);
    const first = await h(frame).get('loaded');
    assert.equal(first, 100);
    await frame.locator('.list').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await frame.waitForFunction((n) => (window as unknown as { __history: H }).__history.loaded() > n, first, { timeout: 30_000 });
    assert.ok((await h(frame).get('domRows')) < 80);
  });

  it('keeps the rows it had loaded when its tab is hidden and shown again (m15)', async () => {
    const p = page();
    await settled(frame);
    const before = await h(frame).get('loaded');
    assert.ok(before > 100, `${before} rows loaded`);
    // Another editor in the panel's group hides it: VS Code drops the hidden webview, and makes it again.
    await runCommand(p, 'File: New Untitled Text File');
    await p.locator('.tab.active', { hasText: 'Untitled' }).waitFor({ timeout: 30_000 });
    try {
      await p.locator('.tab', { hasText: 'History: Sandbox' }).first().click();
      frame = await webviewFrame(p, 'Request history: Sandbox');
      await frame.waitForFunction((n) => (window as unknown as { __history: H }).__history.loaded() >= n, before, { timeout: 60_000 });
      await settled(frame);
      assert.equal(await h(frame).get('loaded'), before, 'the same rows, not one page');
    } finally {
      await p.locator('.tab', { hasText: 'Untitled' }).first().click();
      await runCommand(p, 'View: Revert and Close Editor');
      await p.locator('.tab', { hasText: 'Untitled' }).waitFor({ state: 'detached', timeout: 30_000 });
      frame = await webviewFrame(p, 'Request history: Sandbox');
      await settled(frame);
    }
  });

  it('shows the highlighted payload of the selected delivery; arrows move the selection', async () => {
    await frame.locator('.list .row:not(.head)').first().click();
    await frame.locator('.payload .token.property', { hasText: '"webhook_id"' }).first().waitFor();
    const firstId = await frame.locator('.facts dd').nth(3).textContent();
    await frame.locator('.list').press('ArrowDown');
    await frame.waitForFunction((id) => document.querySelectorAll('.facts dd')[3]?.textContent !== id, firstId);
    assert.equal(await frame.locator('.list').getAttribute('aria-activedescendant'), await frame.locator('.row.active').getAttribute('id'));
  });

  it('saves the delivery as a fixture with the exact path and content, and never overwrites silently', async () => {
    const p = page();
    const row = await frame.evaluate(() => {
      const dd = Array.from(document.querySelectorAll('.facts dd')).map((d) => d.textContent ?? '');
      return { event: dd.find((_, i) => document.querySelectorAll('.facts dt')[i]?.textContent === 'Event') ?? '', created: dd.find((_, i) => document.querySelectorAll('.facts dt')[i]?.textContent === 'Event created') ?? '', id: dd.find((_, i) => document.querySelectorAll('.facts dt')[i]?.textContent === 'Delivery id') ?? '' };
    });
    const client = await sandboxClient(p);
    const source = (await allRows(client)).find((r) => r.webhook_id === row.id && r.event_created_at === row.created);
    assert.ok(source);
    await frame.locator('#save-fixture').click();
    const rel = path.join('test/fixtures/transcrypts', row.event, `${row.created.replace(/:/g, '-')}-${row.id}.json`);
    const file = path.join(ui.server?.workspace ?? '', rel);
    const expected = `${JSON.stringify(redact(source.webhook_payload).value, null, 2)}\n`;
    await eventually(() => fs.existsSync(file), `${rel} written`, 30_000);
    assert.equal(fs.readFileSync(file, 'utf8'), expected);
    // It opens as a tab of the panel's own group (the panel keeps its width), and the notification offers Reveal.
    const name = path.basename(file);
    await p.locator('.tab', { hasText: name }).waitFor({ timeout: 30_000 });
    assert.equal(await p.locator('.editor-group-container').count(), 1, 'no group was added beside the panel');
    assert.equal(await p.locator('.editor-group-container .tab', { hasText: 'History: Sandbox' }).count(), 1);
    await notification(p, '1 fixture written').waitFor({ timeout: 30_000 });
    await p.locator('.notifications-toasts .monaco-button', { hasText: 'Reveal in Explorer' }).first().click();
    await p.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: name }).waitFor({ timeout: 30_000 });
    frame = await backToPanel(p, 'Sandbox');
    // The same again: unchanged, nothing new written.
    await frame.locator('#save-fixture').click();
    // One click, one fact: not also "1 fixture written" (m2).
    await notification(p, /^1 already saved, unchanged/).waitFor({ timeout: 30_000 });
    // The saved file is shown again (the same tab).
    await p.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
    frame = await backToPanel(p, 'Sandbox');
    // A different file under that name: the user chooses, and "Save as" keeps both.
    fs.writeFileSync(file, '{"edited": true}\n');
    await frame.locator('#save-fixture').click();
    await dialogButton(p, 'Save as');
    const second = file.replace(/\.json$/, '-2.json');
    await eventually(() => fs.existsSync(second), 'the second file written', 30_000);
    assert.equal(fs.readFileSync(second, 'utf8'), expected);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"edited": true}\n', 'the edited file is untouched');
    // The new file opens as the active tab a moment after it is written (and takes the focus): wait for it.
    await p.locator('.tab.active', { hasText: path.basename(second) }).waitFor({ timeout: 30_000 });
    frame = await backToPanel(p, 'Sandbox');
  });

  it('comes back after a window reload with its scope, filters and selection', async () => {
    const p = page();
    await frame.locator('#f-status').selectOption('2xx');
    const selectedId = await frame.locator('.facts dd').nth(3).textContent();
    await reloadWindow(p);
    await p.locator('.tab', { hasText: 'History: Sandbox (filtered)' }).waitFor({ timeout: 60_000 });
    frame = await webviewFrame(p, 'Request history: Sandbox');
    await settled(frame);
    assert.equal(await frame.locator('#f-status').inputValue(), '2xx');
    await frame.waitForFunction((id) => document.querySelectorAll('.facts dd')[3]?.textContent === id, selectedId, { timeout: 30_000 });
  });

  it('shows load errors inline with Retry, keeping what was loaded', async () => {
    const p = page();
    await frame.locator('#f-status').selectOption('');
    await settled(frame);
    const before = await h(frame).get('loaded');
    assert.equal(await sandboxAdmin(p, 'POST', '/_sandbox/faults/', { rules: [{ kind: '5xx', count: -1, path: '/v1/webhook-requests/' }] }), 200);
    await frame.locator('#refresh').click();
    await frame.locator('.banner', { hasText: 'The server failed GET /v1/webhook-requests/ (HTTP 503)' }).waitFor({ timeout: 30_000 });
    assert.equal(await h(frame).get('loaded'), before, 'the loaded rows stay');
    assert.equal(await sandboxAdmin(p, 'DELETE', '/_sandbox/faults/'), 204);
    await frame.locator('.banner #retry').click();
    await frame.locator('.banner').waitFor({ state: 'hidden' });
    await settled(frame);
    assert.ok((await h(frame).get('loaded')) > 0);
  });

  it('adds new deliveries at the top with auto-refresh, without moving the selection', async () => {
    const p = page();
    await frame.locator('.list .row:not(.head)').nth(2).click();
    const selectedId = await frame.locator('.facts dd').nth(3).textContent();
    await frame.locator('#f-auto').check();
    const result = await (await sandboxClient(p)).triggerSandboxEvent('sandbox', 'link-deleted');
    const ids = result.deliveries.map((d) => d.webhook_id);
    assert.ok(ids.length > 0);
    await frame.waitForFunction(
      (want) => want.some((id) => ((window as unknown as { __history: H }).__history.identity(0) ?? '').startsWith(id)),
      ids,
      { timeout: 30_000 },
    );
    assert.equal(await frame.locator('.facts dd').nth(3).textContent(), selectedId, 'the selection stays');
    await frame.locator('#f-auto').uncheck();
  });

  it('renders hostile payloads as text: nothing executes, nothing becomes markup', async () => {
    const p = page();
    let dialogs = 0;
    p.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 300; i++) deep = { d: deep };
    const hostile = {
      note: '<script>window.__pwned = 1; alert("script")</script>',
      html: '<img src=x onerror="window.__pwned = 2; alert(2)">',
      link: 'javascript:alert(3)',
      attr: '" onmouseover="alert(4)" x="',
      style: '<style>body{display:none}</style>',
      '<b onclick=alert(5)>key</b>': 'markup as a key',
      lone: '\ud800 lone surrogate and \u0000 nul',
      big: 'A'.repeat(200_000),
      deep,
    };
    const id = await triggerAndSelect(frame, 'order-created', hostile);
    await frame.locator('.payload', { hasText: '"note": "<script>window.__pwned = 1; alert(\\"script\\")</script>"' }).waitFor();
    await frame.locator('.payload', { hasText: '<img src=x onerror=' }).waitFor();
    await frame.locator('.payload', { hasText: 'more characters (Open in Editor shows all)' }).waitFor();
    await frame.locator('.payload').hover();
    await frame.locator('.payload').evaluate((el) => (el.scrollTop = el.scrollHeight));
    // Painted after the scroll: had markup become elements, the checks below find them (no element, no handler to run).
    await frame.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    assert.equal(dialogs, 0, 'no dialog opened');
    assert.equal(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await frame.locator('.detail img, .detail script, .detail style, .detail a, .detail b, .list img').count(), 0);
    assert.equal(await frame.evaluate(() => document.querySelectorAll('body script').length), 1, 'only the panel script in the body');
    // And the editor view of the same payload.
    await frame.locator('#open-payload').click();
    await p.locator('.tab', { hasText: `order-created-${id}.json` }).waitFor({ timeout: 30_000 });
    assert.equal(dialogs, 0);
  });

  it('replays the selected delivery to a receiver, freshly signed, and shows its answer', async () => {
    const p = page();
    const secret = sandboxKeys().secrets.sandbox;
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        received.push(raw.toString('utf8'));
        const ok = req.headers['x-webhook-sign'] === `v1=${createHmac('sha256', secret ?? '').update(raw).digest('hex')}`;
        res.writeHead(ok ? 200 : 401, { 'X-Receiver': 'ui-test' }).end(ok ? '<b>accepted</b>' : 'bad signature');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    try {
      await frame.locator('#f-text').fill('');
      await frame.locator('.list .row:not(.head)').first().click();
      await frame.locator('#replay').click();
      const input = p.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`http://127.0.0.1:${port}/hook`);
      await p.keyboard.press('Enter');
      await frame.locator('.replay', { hasText: `Replay: HTTP 200 from http://127.0.0.1:${port}/hook` }).waitFor({ timeout: 30_000 });
      await frame.locator('.replay-body', { hasText: '<b>accepted</b>' }).waitFor();
      assert.equal(await frame.locator('.replay b').count(), 0, 'the receiver body is text');
      assert.match((await frame.locator('.replay-headers').textContent()) ?? '', /x-receiver: ui-test/);
      assert.equal(received.length, 1);
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('replays a selection oldest first, signed with the workspace test secret, and sums up the answers', async () => {
    const p = page();
    const testSecret = 'whsec-ui-receiver-5d1e8b';
    const received: { at: string; ok: boolean }[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const ok = req.headers['x-webhook-sign'] === `v1=${createHmac('sha256', testSecret).update(raw).digest('hex')}`;
        received.push({ at: String((JSON.parse(raw.toString('utf8')) as { event_created_at?: string }).event_created_at), ok });
        res.writeHead(ok ? 204 : 401).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    try {
      await runCommand(p, 'Transcrypts: Set Replay Test Secret for This Workspace');
      await answer(p, testSecret);
      await notification(p, /signed with its test secret/).waitFor({ timeout: 30_000 });
      await frame.locator('#f-text').fill('');
      await frame.waitForFunction(() => (window as unknown as { __history: H }).__history.shown() > 3, undefined, { timeout: 30_000 });
      const rows = frame.locator('.list .row:not(.head)');
      await rows.nth(0).click();
      await rows.nth(2).click({ modifiers: ['Shift'] });
      await frame.locator('#replay-selected', { hasText: 'Replay Selected (3)' }).click();
      const input = quickInput(p);
      await input.waitFor({ state: 'visible' });
      assert.match((await p.locator('.quick-input-widget').textContent()) ?? '', /signed afresh with the workspace test secret/);
      await input.fill(`http://127.0.0.1:${port}/hook`);
      await p.keyboard.press('Enter');
      await frame.locator('.summary', { hasText: `Replayed 3 of 3 to http://127.0.0.1:${port}/hook: 3 accepted (2xx)` }).waitFor({ timeout: 30_000 });
      assert.equal(received.length, 3);
      assert.ok(received.every((r) => r.ok), 'every replay verified with the test secret');
      const times = received.map((r) => r.at);
      assert.deepEqual(times, [...times].sort(), 'oldest first');
      // Each delivery shows its own answer.
      await rows.nth(1).click();
      await frame.locator('.replay', { hasText: `Replay: HTTP 204 from http://127.0.0.1:${port}/hook` }).waitFor();
    } finally {
      await runCommand(p, 'Transcrypts: Clear Replay Test Secret for This Workspace');
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('redacts personal data when saving a fixture: no value of the rule set is written', async () => {
    const p = page();
    const pii = { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', ssn: '987-65-4320', account_number: '000111222333', routing_number: '011000015', address: { street: '1 Navy Way', zip: '20350' } };
    const id = await triggerAndSelect(frame, 'profile-updated', pii);
    await frame.locator('#save-fixture').click();
    const dir = path.join(ui.server?.workspace ?? '', 'test/fixtures/transcrypts/profile-updated');
    let file: string | undefined;
    await eventually(() => (file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.includes(id)) : undefined) !== undefined, 'the fixture file', 30_000);
    assert.ok(file, 'the fixture was written');
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const v of ['Grace', 'Hopper', 'grace@example.com', '987-65-4320', '000111222333', '011000015', '1 Navy Way', '20350']) assert.ok(!text.includes(v), `${v} was written`);
    assert.match(text, /"ssn": "redacted-ssn-[0-9a-f]{8}"/);
    assert.match(text, new RegExp(`"webhook_id": "${id}"`), 'non-personal fields stay');
    await p.locator('.tab.active', { hasText: file }).waitFor({ timeout: 30_000 });
    frame = await backToPanel(p, 'Sandbox');
  });

  it('saves a TypeScript fixture typed for its event type, with the JSON Schema of the event type beside it', async () => {
    const p = page();
    const id = await triggerAndSelect(frame, 'profile-updated', { employee: { first_name: 'Grace', ssn: '987-65-4320' }, pay_frequency: 'weekly' });
    await frame.locator('#save-fixture-as').click();
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'TypeScript' }).click();
    const dir = path.join(ui.server?.workspace ?? '', 'test/fixtures/transcrypts/profile-updated');
    let file: string | undefined;
    await eventually(() => (file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith(`${id}.ts`)) : undefined) !== undefined, 'the fixture file', 30_000);
    assert.ok(file, 'a .ts fixture');
    await notification(p, /1 TypeScript fixture written.*1 JSON Schema refreshed/).waitFor({ timeout: 30_000 });
    await p.locator('.tab.active', { hasText: file }).waitFor({ timeout: 30_000 });
    frame = await backToPanel(p, 'Sandbox');
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    assert.match(text, /export interface ProfileUpdatedPayload \{/);
    assert.match(text, /export const payload: ProfileUpdatedPayload = \{/);
    assert.ok(!text.includes('Grace') && !text.includes('987-65-4320'), 'redacted');
    const program = ts.createProgram([full], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true });
    assert.deepEqual(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'compiles with --strict');
    const schemaFile = path.join(ui.server?.workspace ?? '', 'test/fixtures/transcrypts/schemas/profile-updated.schema.json');
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    const payload = JSON.parse(payloadOfModule(text)?.json ?? 'null') as Record<string, unknown>;
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(payload), ajv.errorsText(validate.errors));
    assert.equal(validate({ ...payload, webhook_id: 42 }), false, 'a broken fixture is rejected');
    assert.deepEqual((schema.properties as Record<string, { type?: string }>).pay_frequency, { type: 'string' }, 'a field only real deliveries have');
  });

  it('compares two deliveries in the diff editor, keys in canonical order', async () => {
    const p = page();
    await frame.locator('#f-text').fill('');
    await frame.waitForFunction(() => !(document.querySelector('.summary')?.textContent ?? '').includes('"'));
    await frame.locator('.list .row:not(.head)').first().click();
    await frame.locator('#compare').click();
    const rows = p.locator('.quick-input-widget .monaco-list-row');
    await rows.nth(1).waitFor({ state: 'visible', timeout: 30_000 });
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('Enter');
    await p.locator('.tab', { hasText: '(keys sorted)' }).waitFor({ timeout: 30_000 });
    await p.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await p.locator('.monaco-diff-editor .editor.original, .monaco-diff-editor .editor.modified').count(), 2, 'two documents side by side');
  });

  it('compares a delivery with a fixture file (keys in another order, one value changed) in the diff editor', async () => {
    const p = page();
    // The previous diff editor hides the panel: bring it back (its webview is created anew).
    await p.locator('.tab', { hasText: 'History: Sandbox' }).first().click();
    frame = await webviewFrame(p, 'Request history: Sandbox');
    await settled(frame);
    await frame.locator('.list .row:not(.head)').first().click();
    const client = await sandboxClient(p);
    const id = await frame.evaluate(() => {
      const dts = Array.from(document.querySelectorAll('.facts dt'));
      return dts.find((dt) => dt.textContent === 'Delivery id')?.nextElementSibling?.textContent ?? '';
    });
    const source = (await allRows(client)).find((r) => r.webhook_id === id);
    assert.ok(source, `the delivery ${id} in the sandbox history`);
    // The fixture: the same payload with its keys in another order and one value changed.
    const payload = source.webhook_payload as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries({ ...payload, user_id: 'changed-in-the-fixture' }).reverse());
    const file = path.join(ui.server?.workspace ?? '', 'compare-fixture.json');
    fs.writeFileSync(file, JSON.stringify(reordered, null, 2));
    await frame.locator('#compare').click();
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'A fixture file' }).click();
    // code-server's file dialog is a quick input opened on the workspace folder: pick the file.
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'compare-fixture.json' }).click();
    // The tab names the delivery as people tell it apart: its event type and time, not its id.
    const event = source.event_type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await p.locator('.tab', { hasText: new RegExp(`${event} \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} ↔ compare-fixture\\.json \\(keys sorted\\)`) }).waitFor({ timeout: 30_000 });
    const diff = p.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    // The changed value shows as inserted (side by side or inline, as the width allows).
    await diff.locator('.editor.modified .line-insert').first().waitFor({ timeout: 30_000 });
    // Narrow editors wrap lines: compare without whitespace.
    assert.match((await diff.locator('.editor.modified .view-lines').allTextContents()).join('').replace(/\s+/g, ''), /"user_id":"changed-in-the-fixture"/);
  });
  it('runs the delivery actions from the palette: the environment, then the delivery from a searchable quick pick', async () => {
    const p = page();
    const client = await sandboxClient(p);
    const [newest] = await allRows(client, { eventType: 'order-created' });
    assert.ok(newest, 'an order-created delivery');
    /** The palette command, the environment if asked, then the delivery found by its id. */
    const pick = async (command: string, title: string): Promise<void> => {
      await runCommand(p, `Transcrypts: ${command}`);
      const titled = p.locator('.quick-input-widget .quick-input-title', { hasText: `${title} · Sandbox` });
      if (!(await titled.isVisible({ timeout: 5000 }).catch(() => false))) {
        await p.locator('.quick-input-widget .monaco-list-row', { hasText: /^Sandbox/ }).first().click();
      }
      await titled.waitFor({ timeout: 30_000 });
      await p.locator('.quick-input-widget .quick-input-message, .quick-input-widget input[placeholder*="recent deliveries"]').first().waitFor({ timeout: 30_000 });
      await quickInput(p).fill(newest.webhook_id);
      await p.locator('.quick-input-widget .monaco-list-row', { hasText: newest.webhook_id }).first().waitFor({ timeout: 30_000 });
      await p.keyboard.press('Enter');
    };
    // Replay: the panel's action table runs; its answer comes back as a notification naming the delivery.
    const bodies: string[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/palette-replay`;
      await pick('Replay a Delivery to URL…', 'Replay a Delivery');
      await p.locator('.quick-input-widget .quick-input-title', { hasText: 'Replay to URL' }).waitFor({ timeout: 30_000 });
      await quickInput(p).fill(url);
      await p.keyboard.press('Enter');
      await notification(p, new RegExp(`Replayed order-created ${newest.webhook_id} to ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: HTTP 202 in \\d+ ms`)).waitFor({ timeout: 30_000 });
      assert.deepEqual(bodies.map((b) => JSON.parse(b) as unknown), [newest.webhook_payload], 'the exact payload, once');
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
    await pick('Copy a Delivery as cURL…', 'Copy a Delivery as cURL');
    await p.locator('.statusbar-item', { hasText: /Copied as cURL to/ }).waitFor({ timeout: 30_000 });
    await pick('Save a Delivery as Fixture…', 'Save a Delivery as Fixture');
    await notification(p, /fixture written|already saved/).waitFor({ timeout: 30_000 });
    const dir = path.join(ui.server?.workspace ?? '', 'test/fixtures/transcrypts/order-created');
    assert.ok(fs.readdirSync(dir).some((f) => f.endsWith(`-${newest.webhook_id}.json`)), 'the fixture of that delivery is written');
    await pick('Open a Delivery\'s Payload in Editor…', 'Open a Delivery\'s Payload in Editor');
    await p.locator('.tab', { hasText: `order-created-${newest.webhook_id}.json` }).waitFor({ timeout: 30_000 });
    // The payload opened beside the panel (a second group): leave one group for the suites after this one.
    await runCommand(p, 'View: Close All Editors');
    await runCommand(p, 'View: Join All Editor Groups');
  });
});

interface Bar {
  total: number;
  from: number;
  to: number;
  label: string;
}

async function bars(f: Frame): Promise<Bar[]> {
  return f.evaluate(() =>
    Array.from(document.querySelectorAll<SVGGElement>('.chart .bar')).map((g) => ({
      total: Number(g.dataset.total),
      from: Number(g.dataset.from),
      to: Number(g.dataset.to),
      label: g.getAttribute('aria-label') ?? '',
    })),
  );
}

describe('UI: the delivery chart of the history panel', function () {
  this.timeout(180_000);
  const LOCAL = 'http://127.0.0.1:3000/webhooks/transcrypts';

  it('draws the loaded rows per bucket (chart): a bar filters the list to its span, its chip or the bar again clears it', async () => {
    const p = page();
    await openContainer(p, 'Transcrypts');
    // Alone, the sandbox is not in use yet; after the suite above it is.
    const use = p.getByRole('button', { name: 'Use the Local Sandbox', exact: true });
    await use.or(treeRow(p, /^Local receiver, /)).first().waitFor({ timeout: 30_000 });
    if (await use.isVisible()) await use.click();
    await treeRow(p, /^Local receiver, /).waitFor({ timeout: 30_000 });
    await contextMenu(p, treeRow(p, /^Local receiver, /), 'Open Request History');
    const frame = await webviewFrame(p, 'Request history: Local receiver');
    // The sandbox keeps retrying earlier suites' failed deliveries: rows newer than the load are compared by neither side.
    const loadedAt = Date.now() - 1000;
    await loadAll(frame);
    const loaded = await h(frame).get('loaded');
    await frame.locator('.chart .bar').first().waitFor({ timeout: 30_000 });
    const all = await bars(frame);
    assert.equal(all.reduce((n, b) => n + b.total, 0), loaded, 'the bars sum to the loaded rows');
    assert.ok(all.length > 1 && all.length <= 60, `${all.length} bars`);
    assert.match((await frame.locator('.chart svg').getAttribute('aria-label')) ?? '', new RegExp(`^Deliveries per (hour|day): ${loaded} in ${all.length} buckets`));
    assert.ok(all.every((b) => /^\d{4}-\d{2}-\d{2}.* UTC: (no deliveries|1 delivery, |\d+ deliveries, )/.test(b.label)), all[0]?.label);

    // The fullest bar: the list shows exactly the sandbox's rows of its span, and the chip names it.
    const i = all.reduce((best, b, k) => (b.total > (all[best]?.total ?? 0) ? k : best), 0);
    const bar = all[i];
    assert.ok(bar && bar.total < loaded);
    await frame.locator('.chart .bar').nth(i).click();
    await frame.waitForFunction((n) => (window as unknown as { __history: H }).__history.shown() === n, bar.total, { timeout: 10_000 });
    const mine = (await allRows(await sandboxClient(p))).filter((r) => r.webhook_url === LOCAL);
    // Attempts of one delivery share their identity (a retry may land between the load and this fetch): compared as sets.
    const before = (id: string) => Date.parse(id.split('|')[1] ?? '') < loadedAt;
    const unique = (ids: string[]) => [...new Set(ids.filter(before))].sort();
    const inSpan = mine.filter((r) => Date.parse(r.event_created_at) >= bar.from && Date.parse(r.event_created_at) < bar.to).map(identity);
    assert.deepEqual(unique(await identities(frame)), unique(inSpan));
    const chip = frame.locator('#f-time');
    await chip.waitFor({ state: 'visible' });
    const span = bar.label.replace(/: .*$/, '');
    assert.equal((await chip.textContent())?.trim(), span);
    assert.match((await frame.locator('.summary').textContent()) ?? '', new RegExp(`${bar.total} shown of ${loaded} loaded · filtered by ${span.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(await frame.locator('.chart .bar').nth(i).getAttribute('aria-pressed'), 'true');
    assert.equal((await bars(frame)).reduce((n, b) => n + b.total, 0), loaded, 'the chart still counts every loaded row');
    const shot = path.join(os.tmpdir(), 'ui-history-chart.png');
    await p.screenshot({ path: shot });
    process.stdout.write(`    screenshot: ${shot}\n`);

    // The chip removes the filter.
    await chip.click();
    await frame.waitForFunction((n) => (window as unknown as { __history: H }).__history.shown() === n, loaded, { timeout: 10_000 });
    await chip.waitFor({ state: 'hidden' });
    assert.equal(await frame.locator('.chart .bar[aria-pressed="true"]').count(), 0);

    // By keyboard: the chosen bar has focus, an arrow moves to its neighbour, Enter chooses it, Space again clears it.
    await frame.locator('.chart .bar').nth(i).click();
    await frame.waitForFunction((n) => (window as unknown as { __history: H }).__history.shown() === n, bar.total, { timeout: 10_000 });
    const j = i > 0 ? i - 1 : i + 1;
    await p.keyboard.press(i > 0 ? 'ArrowLeft' : 'ArrowRight');
    assert.equal(await frame.evaluate(() => document.activeElement?.getAttribute('aria-label')), all[j]?.label);
    await p.keyboard.press('Enter');
    await frame.waitForFunction((n) => (window as unknown as { __history: H }).__history.shown() === n, all[j]?.total ?? -1, { timeout: 10_000 });
    await p.keyboard.press(' ');
    await frame.waitForFunction((n) => (window as unknown as { __history: H }).__history.shown() === n, loaded, { timeout: 10_000 });
    await chip.waitFor({ state: 'hidden' });
  });
});
