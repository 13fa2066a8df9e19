import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { page, stepsDependOnEachOther } from './hooks';
import { sandboxClient, sandboxKeys } from './sandboxApi';
import { answerListenQuestions, contextMenu, eventually, openContainer, quickInput, reloadWindow, runCommand, treeRow, webviewFrame } from './workbench';

/** The rows of the terminal panel's visible terminal (the DOM renderer: gpuAcceleration off in hooks.ts). */
function terminalRow(p: Page, text: string | RegExp): Locator {
  return p.locator('.terminal-wrapper.active .xterm-rows > div', { hasText: text }).first();
}

/** Ctrl+click the first occurrence of `text` in a terminal row (a terminal link opens on a modified click). */
async function ctrlClickText(p: Page, row: Locator, text: string): Promise<void> {
  const box = await row.evaluate((el, t) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n.textContent ?? '').indexOf(t.slice(0, 8));
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, Math.min((n.textContent ?? '').length, i + 4));
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return undefined;
  }, text);
  assert.ok(box, `"${text}" in the terminal row`);
  await p.mouse.move(box.x, box.y);
  // The terminal finds the links under the pointer once it rests there, and says so in a hover ("Follow link").
  await p.locator('.monaco-hover, .workbench-hover').filter({ hasText: /follow|click/i }).first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
  await p.keyboard.down('Control');
  await p.mouse.click(box.x, box.y);
  await p.keyboard.up('Control');
}

/**
 * Ctrl+click a terminal link until it has opened what it opens: the terminal finds its links a moment after
 * the mouse comes over them, and a click before that is a plain click.
 */
async function followTerminalLink(p: Page, row: Locator, text: string, opened: () => Promise<boolean>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await ctrlClickText(p, row, text);
    if (await eventually(opened, `the link "${text}" followed`, 5000).then(() => true, () => false)) return;
    assert.ok(attempt < 6, `the terminal's link "${text}" opened nothing`);
    await p.mouse.move(1, 1);
  }
}

describe('UI: Listen forwards new deliveries to a receiver on this machine', function () {
  this.timeout(180_000);
  stepsDependOnEachOther(this);
  const received: Array<{ id: string; ok: boolean }> = [];
  let receiver: http.Server | undefined;
  let port = 0;

  before(async () => {
    receiver = http.createServer((req, res) => {
      // Read when a delivery comes: the sandbox (and its keys) may start after this receiver.
      const secret = sandboxKeys().secrets.sandbox ?? '';
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const ok = req.headers['x-webhook-sign'] === `v1=${createHmac('sha256', secret).update(raw).digest('hex')}`;
        received.push({ id: String(req.headers['x-transcrypts-forwarded']), ok });
        res.writeHead(ok ? 200 : 401).end(ok ? 'accepted by the UI receiver' : 'bad signature');
      });
    });
    const server = receiver;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    const p = page();
    await openContainer(p, 'Transcrypts');
    const useSandbox = p.getByRole('button', { name: 'Use the Local Sandbox', exact: true });
    if (await useSandbox.isVisible().catch(() => false)) await useSandbox.click();
    await treeRow(p, /^Sandbox environment, /).waitFor({ timeout: 30_000 });
  });

  after(async () => {
    if (!receiver) return;
    receiver.closeAllConnections();
    const server = receiver;
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('starts from the tree, prints a line per forward, counts them in the status bar, and links each to its delivery', async () => {
    const p = page();
    await contextMenu(p, treeRow(p, /^Sandbox environment, /), 'Start Listening…');
    // The receiver's URL, then the event types (all ticked), then (with a workspace test secret) what signs.
    await quickInput(p).waitFor({ state: 'visible' });
    await quickInput(p).fill(`http://127.0.0.1:${port}/webhooks`);
    await p.keyboard.press('Enter');
    await answerListenQuestions(p);
    await terminalRow(p, `Forwarding new Sandbox deliveries to http://127.0.0.1:${port}/webhooks`).waitFor({ timeout: 30_000 });
    // It says how the receiver tells a forward from the platform's own delivery (m14).
    await terminalRow(p, 'Each forward carries the header X-Transcrypts-Forwarded').waitFor({ timeout: 30_000 });
    await treeRow(p, new RegExp(`^Sandbox environment, .*listening → 127\\.0\\.0\\.1:${port}`)).waitFor({ timeout: 30_000 });

    const client = await sandboxClient(p);
    const ids: string[] = [];
    for (const type of ['order-created', 'profile-updated'] as const) ids.push(...(await client.triggerSandboxEvent('sandbox', type)).deliveries.map((d) => d.webhook_id));
    assert.ok(ids.length >= 2);
    for (const id of ids) await terminalRow(p, new RegExp(`${id}\\s+→ 200`)).waitFor({ timeout: 30_000 });
    assert.ok(ids.every((id) => received.some((r) => r.id === id && r.ok)), 'each delivery received, signed with the sandbox secret');
    await p.locator('.statusbar-item', { hasText: new RegExp(`⇢ ${ids.length} forwarded`) }).waitFor({ timeout: 30_000 });

    // The delivery id is a link: the history panel opens on it and shows the local receiver's answer.
    const first = ids[0] ?? '';
    // Followed when the panel shows that delivery (a panel left open by an earlier suite does not count).
    const shows = async () => {
      if ((await p.locator('.tab', { hasText: 'History: Sandbox' }).count()) === 0) return false;
      const facts = (await webviewFrame(p, 'Request history: Sandbox')).locator('.facts');
      return (await facts.count()) > 0 && ((await facts.first().textContent()) ?? '').includes(first);
    };
    await followTerminalLink(p, terminalRow(p, first), first, shows);
    const frame = await webviewFrame(p, 'Request history: Sandbox');
    await frame.locator('.replay', { hasText: `Forwarded by Listen: HTTP 200 from http://127.0.0.1:${port}/webhooks` }).waitFor({ timeout: 30_000 });
    await frame.locator('.replay-body', { hasText: 'accepted by the UI receiver' }).waitFor();
    assert.match((await frame.locator('.facts').textContent()) ?? '', new RegExp(first));
  });

  it('starts again after a window reload, from where it stopped: nothing twice, nothing lost', async () => {
    const p = page();
    const before = received.length;
    await reloadWindow(p);
    // Delivered while the window reloads: forwarded by the restored session.
    const ids = (await (await sandboxClient(p)).triggerSandboxEvent('sandbox', 'link-connected')).deliveries.map((d) => d.webhook_id);
    await openContainer(p, 'Transcrypts');
    // The status bar's count shows the restored session; its menu shows the terminal.
    await p.locator('.statusbar-item', { hasText: /⇢ \d+ forwarded/ }).click();
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Terminal' }).click();
    await terminalRow(p, 'Resuming where the last session stopped').waitFor({ timeout: 30_000 });
    for (const id of ids) await terminalRow(p, new RegExp(`${id}\\s+→ 200`)).waitFor({ timeout: 30_000 });
    const since = received.slice(before).map((r) => r.id);
    const again = since.filter((id) => received.slice(0, before).some((r) => r.id === id));
    assert.deepEqual(again, [], 'nothing forwarded before the reload is forwarded again');
    assert.deepEqual([...since].sort(), [...ids].sort(), 'only the new deliveries, once each');
  });

  it('stops from the palette: the terminal sums up, the group and the status bar return to rest', async () => {
    const p = page();
    await runCommand(p, 'Transcrypts: Stop Listening');
    await terminalRow(p, /Stopped: \d+ forwarded, 0 failed\./).waitFor({ timeout: 30_000 });
    await p.locator('.statusbar-item', { hasText: /^\s*Listen\s*$/ }).waitFor({ timeout: 30_000 });
    await treeRow(p, /^Sandbox environment, \d+ configurations?\s*$/).waitFor({ timeout: 30_000 });
    // That nothing is forwarded after a stop is observed in the extension-host suite (listen.test.ts: the
    // stopped listener's loop has ended, and a resume forwards what came meanwhile exactly once).
  });
});
