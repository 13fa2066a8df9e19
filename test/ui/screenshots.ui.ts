/**
 * The first hour in pictures, in light, dark and high-contrast themes, at full and half width: the tree, the
 * history, a saved fixture, the drift check and the connect form. Each picture is checked before it is taken
 * (what it must show is there), and the selected row's status text is checked for contrast in every theme.
 * `npm run screenshots` writes them into the repository (docs/screenshots, media/walkthrough); otherwise into
 * a temporary folder.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { page, stepsDependOnEachOther, ui } from './hooks';
import { luminance, rgba } from './contrast';
import { sandboxClient } from './sandboxApi';
import { answerListenQuestions, contextMenu, eventually, notification, openContainer, reloadWindow, quickInput, runCommand, shoot, signedOut, theme, treeRow, waitForStep, webviewFrame } from './workbench';

/** `transcrypts.sandbox.profile` in the user settings file, then a window reload: the restored sandbox connection uses it. */
async function sandboxProfile(p: import('playwright-core').Page, profile: 'transcrypts' | 'truv'): Promise<void> {
  const file = path.join(ui.server?.scratch ?? '', 'ud', 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...settings, 'transcrypts.sandbox.profile': profile }, null, 2));
  await reloadWindow(p);
  await openContainer(p, 'Transcrypts');
  const bar = p.locator('.statusbar-item', { hasText: /Transcrypts: sandbox :\d+/ });
  await eventually(async () => new RegExp(`\\(${profile} profile`).test((await bar.getAttribute('aria-label', { timeout: 1000 }).catch(() => '')) ?? ''), `the local sandbox on the ${profile} profile`, 60_000);
}

const shots = process.env.SCREENSHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shots-'));
const walkthrough = process.env.WALKTHROUGH_DIR ?? path.join(shots, 'walkthrough');

/** WCAG contrast of the selected row's status text against what is behind it (the layers composited), in the webview. */
async function statusContrast(f: Frame): Promise<{ ratio: number; color: string; background: string }> {
  const seen = await f.evaluate(() => {
    const cell = document.querySelector<HTMLElement>('.row.selected .status, .row.active .status');
    const layers: string[] = [];
    for (let el: HTMLElement | null = cell; el; el = el.parentElement) layers.push(getComputedStyle(el).backgroundColor);
    return { color: cell ? getComputedStyle(cell).color : '', layers };
  });
  if (!seen.color) return { ratio: 0, color: 'no selected row', background: '' };
  // From the page (opaque, else white) up to the cell: each layer over what is below it.
  let bg = [255, 255, 255];
  for (const layer of [...seen.layers].reverse()) {
    const [r, g, b, a] = rgba(layer);
    bg = [r ?? 0, g ?? 0, b ?? 0].map((v, i) => v * (a ?? 1) + (bg[i] ?? 0) * (1 - (a ?? 1)));
  }
  const [fr, fg, fb, fa] = rgba(seen.color);
  const fore = [fr ?? 0, fg ?? 0, fb ?? 0].map((v, i) => v * (fa ?? 1) + (bg[i] ?? 0) * (1 - (fa ?? 1)));
  const [hi, lo] = [luminance(fore), luminance(bg)].sort((x, y) => y - x);
  return { ratio: ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05), color: seen.color, background: `rgb(${bg.map(Math.round).join(', ')})` };
}

describe('UI: the first hour in pictures (light, dark, high contrast; full and half width)', function () {
  this.timeout(240_000);
  stepsDependOnEachOther(this);
  let frame: Frame;

  before(async () => {
    const p = page();
    await runCommand(p, 'View: Close All Editors');
    await runCommand(p, 'Notifications: Clear All Notifications');
  });

  after(async () => {
    await theme(page(), 'Default Light Modern').catch(() => undefined);
  });

  it('the sandbox in the Transcrypts view (the walkthrough\'s picture on the default profile, as a new user sees it)', async () => {
    const p = page();
    await signedOut(p);
    await p.getByRole('button', { name: 'Use the Local Sandbox', exact: true }).click();
    await treeRow(p, /^Sandbox environment, \d+ configurations?/).waitFor({ timeout: 30_000 });
    // Use the Local Sandbox gives the transcrypts profile by default (Development and Production, m1); this suite
    // runs on truv. The setting is read when the window loads: changed in the user settings file, then a reload.
    await sandboxProfile(p, 'transcrypts');
    await theme(p, 'Default Light Modern');
    const env = treeRow(p, /^Development environment, /);
    await env.waitFor({ timeout: 30_000 });
    if ((await env.getAttribute('aria-expanded')) !== 'true') await env.click();
    await treeRow(p, /^Local receiver, /).waitFor({ timeout: 30_000 });
    await runCommand(p, 'Notifications: Clear All Notifications');
    await shoot(p, walkthrough, 'sandbox');
    await sandboxProfile(p, 'truv');
    const sandboxEnv = treeRow(p, /^Sandbox environment, /);
    await sandboxEnv.waitFor({ timeout: 30_000 });
    if ((await sandboxEnv.getAttribute('aria-expanded')) !== 'true') await sandboxEnv.click();
    await treeRow(p, /^Local receiver, /).waitFor({ timeout: 30_000 });
  });

  it('the request history in each theme, the selected row legible; at half width', async () => {
    const p = page();
    await contextMenu(p, treeRow(p, /^Local receiver, /), 'Open Request History');
    frame = await webviewFrame(p, 'Request history: Local receiver');
    await frame.waitForFunction(() => document.querySelectorAll('.list .row:not(.head)').length > 3, undefined, { timeout: 30_000 });
    // A failed delivery selected: its red status on the selection color is the case that was illegible.
    const failed = frame.locator('.list .row:not(.head)', { has: frame.locator('.status.s5xx, .status.s4xx') }).first();
    await ((await failed.count()) > 0 ? failed : frame.locator('.list .row:not(.head)').first()).click();
    await frame.locator('.payload .token.property').first().waitFor({ timeout: 30_000 });
    await shoot(p, walkthrough, 'history');
    const seen: string[] = [];
    for (const [name, file] of [['Default Light Modern', 'history-light'], ['Default Dark Modern', 'history-dark'], ['Default High Contrast', 'history-high-contrast'], ['Default High Contrast Light', 'history-high-contrast-light']] as const) {
      await theme(p, name);
      frame = await webviewFrame(p, 'Request history: Local receiver');
      await frame.locator('.list').focus();
      const c = await statusContrast(frame);
      seen.push(`${name}: ${c.ratio.toFixed(2)} (${c.color} on ${c.background})`);
      assert.ok(c.ratio >= 4.5, `the selected row's status is illegible in ${name}: ${seen.join('; ')}`);
      await shoot(p, shots, file);
    }
    await theme(p, 'Default Dark Modern');
    await runCommand(p, 'View: New Editor Group to the Right');
    try {
      frame = await webviewFrame(p, 'Request history: Local receiver');
      await frame.waitForFunction(() => window.innerWidth <= 760, undefined, { timeout: 30_000 });
      await shoot(p, shots, 'history-half-width-dark');
    } finally {
      await runCommand(p, 'View: Join All Editor Groups');
    }
    await theme(p, 'Default Light Modern');
  });

  it('a saved fixture, and the drift check in Problems', async () => {
    const p = page();
    frame = await webviewFrame(p, 'Request history: Local receiver');
    await frame.locator('.list .row:not(.head)').first().click();
    await frame.locator('#save-fixture').click();
    await notification(p, /fixture written|already saved/).waitFor({ timeout: 30_000 });
    const tab = p.locator('.tab.active', { hasText: /\.json$/ });
    await tab.waitFor({ timeout: 30_000 });
    await shoot(p, walkthrough, 'fixture');
    // The fixture drifts, edited as a user does: a field none of the deliveries has.
    await p.locator('.editor-instance .view-line').first().click();
    await p.keyboard.press('End');
    await p.keyboard.insertText('\n  "legacy_flag": true,');
    await p.keyboard.press('Control+S');
    await p.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 30_000 });
    await runCommand(p, 'Notifications: Clear All Notifications');
    await runCommand(p, 'Transcrypts: Check Fixtures Against Recent Deliveries');
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: /^Sandbox/ }).first().click({ timeout: 10_000 });
    await notification(p, /drifted/).waitFor({ timeout: 30_000 });
    await runCommand(p, 'View: Focus Problems (Errors, Warnings, Infos)');
    await p.locator('.markers-panel .monaco-list-row', { hasText: 'legacy_flag' }).first().waitFor({ timeout: 30_000 });
    await p.locator('.markers-panel .monaco-list-row', { hasText: 'legacy_flag' }).first().click();
    await shoot(p, walkthrough, 'drift');
    await runCommand(p, 'View: Hide Panel');
  });

  it('Listen: the terminal, the group and the status bar, light and dark, and in a narrow window', async () => {
    const p = page();
    // A receiver that accepts, except one event type it refuses (a failed line in the picture).
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const refused = Buffer.concat(chunks).toString('utf8').includes('"profile-updated"');
        res.writeHead(refused ? 503 : 200).end(refused ? 'Service Unavailable' : 'ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
    try {
      await runCommand(p, 'View: Close All Editors');
      await runCommand(p, 'Notifications: Clear All Notifications');
      await contextMenu(p, treeRow(p, /^Sandbox environment, /), 'Start Listening…');
      await quickInput(p).waitFor({ state: 'visible' });
      await quickInput(p).fill(url);
      await p.keyboard.press('Enter');
      await answerListenQuestions(p);
      const forwards = p.locator('.terminal-wrapper.active .xterm-rows > div', { hasText: /→ (200|503)/ });
      const client = await sandboxClient(p);
      for (const type of ['order-status-updated', 'link-connected', 'profile-updated', 'statements-created'] as const) await client.triggerSandboxEvent('sandbox', type);
      await p.waitForFunction(() => document.querySelectorAll('.terminal-wrapper.active .xterm-rows > div').length > 0);
      await forwards.nth(3).waitFor({ timeout: 30_000 });
      await treeRow(p, /listening → 127\.0\.0\.1:/).waitFor({ timeout: 30_000 });
      await p.locator('.statusbar-item', { hasText: /⇢ \d+ forwarded/ }).waitFor({ timeout: 30_000 });
      await theme(p, 'Default Light Modern');
      await shoot(p, shots, 'listen-light');
      await shoot(p, walkthrough, 'listen');
      await theme(p, 'Default Dark Modern');
      await shoot(p, shots, 'listen-dark');
      const size = p.viewportSize();
      await p.setViewportSize({ width: 760, height: size?.height ?? 900 });
      try {
        await shoot(p, shots, 'listen-narrow-dark');
      } finally {
        if (size) await p.setViewportSize(size);
      }
      await theme(p, 'Default Light Modern');
    } finally {
      await runCommand(p, 'Transcrypts: Stop Listening');
      await runCommand(p, 'View: Hide Panel');
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('the connect form', async () => {
    const p = page();
    await runCommand(p, 'Notifications: Clear All Notifications');
    await runCommand(p, 'Transcrypts: Connect to Transcrypts…');
    await waitForStep(p, /1\/3/);
    await shoot(p, walkthrough, 'connect');
    await p.keyboard.press('Escape');
    for (const f of ['sandbox', 'history', 'fixture', 'drift', 'listen', 'connect']) assert.ok(fs.statSync(path.join(walkthrough, `${f}.png`)).size > 10_000, f);
  });
  it('the Get Started walkthrough: its steps, each with its picture', async () => {
    const p = page();
    await runCommand(p, 'Welcome: Open Walkthrough...');
    await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get Started with Transcrypts Webhooks' }).first().click({ timeout: 15_000 });
    const steps = p.locator('.gettingStartedContainer .getting-started-step');
    await steps.first().waitFor({ timeout: 30_000 });
    const titles = (await steps.locator('.step-title').allTextContents()).map((t) => t.trim());
    assert.deepEqual(titles, ['Use the local sandbox', 'Open a configuration\'s request history', 'Save a delivery as a fixture', 'Check your fixtures against recent deliveries', 'Forward new deliveries to your receiver', 'Connect your Transcrypts account']);
    // A step ticks itself off when the user does it: the drift check, from the palette.
    const drift = p.locator('.getting-started-step', { hasText: 'Check your fixtures against recent deliveries' });
    const checked = drift.locator('[class*="step-checked"]');
    const done = async () => (await checked.count()) > 0;
    if (!(await done())) {
      // The walkthrough takes the focus as it opens: the palette is opened again when it loses it (runCommand).
      await runCommand(p, 'Transcrypts: Check Fixtures Against Recent Deliveries');
      // It asks for the environment (the truv profile has three); the step is ticked once the command ran (its
      // summary toast may be gone, or in the notification centre, by then: the tick is the state waited for).
      // The question may come a moment later, and its list re-renders: answered whenever it is on screen.
      const envRow = p.locator('.quick-input-widget:visible .monaco-list-row:visible', { hasText: /^Sandbox/ }).first();
      // The walkthrough's tab: "Walkthrough: …" in VS Code 1.100, "Welcome" in 1.103.
      const tab = p.locator('.tab', { hasText: /Walkthrough|Welcome/ }).first();
      await eventually(async () => {
        if (await envRow.isVisible()) await envRow.click({ timeout: 2000 }).catch(() => undefined);
        else if (!(await p.locator('.quick-input-widget').isVisible())) await tab.click({ timeout: 2000 }).catch(() => undefined);
        // Ticked as the command starts (onCommand); done once its question is answered too.
        return (await done()) && !(await p.locator('.quick-input-widget').isVisible());
      }, 'the drift step ticked and its question answered', 90_000);
    }
    const image = p.locator('.gettingStartedContainer .getting-started-media img').first();
    await image.waitFor({ timeout: 30_000 });
    await p.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.gettingStartedContainer .getting-started-media img');
      return img !== null && img.complete && img.naturalWidth > 600;
    }, undefined, { timeout: 15_000 });
    await runCommand(p, 'Notifications: Clear All Notifications');
    await shoot(p, shots, 'walkthrough');
    await runCommand(p, 'View: Close All Editors');
  });
});
