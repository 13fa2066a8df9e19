import * as fs from 'node:fs';
import * as path from 'node:path';
/** Small page objects for the VS Code 1.100 workbench (selectors from ../shared/testing.md). */
import type { Locator, Page } from 'playwright-core';

export async function openContainer(page: Page, title: string): Promise<void> {
  // Contributions appear only once the remote extension host connects: wait up to 60 s.
  const icon = page.locator(`.part.activitybar a.action-label[aria-label^="${title}"]`);
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  const shown = page.locator('.part.sidebar .composite.title', { hasText: new RegExp(title, 'i') });
  // The side bar may still be restoring: clicking the icon of the container already shown would hide it.
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await shown.waitFor({ state: 'visible', timeout: 1000 }).then(() => true, () => false)) return;
    // While the view shows progress (lists still loading), its badge lies over the icon and takes the pointer:
    // the click lands on it and reaches the icon's action all the same.
    await icon.click({ force: true });
    await shown.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
  }
  await shown.waitFor({ state: 'visible', timeout: 30_000 });
}

/** Waits until `check` holds, polling; fails naming `what` — a wait never falls through to the next step. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runCommand(page: Page, label: string): Promise<void> {
  await quickInputClosed(page);
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  const row = widget.locator('.monaco-list-row', { hasText: label }).first();
  // A key press can be lost while the workbench restores (after a reload), and an editor that opens a moment
  // later (a file just saved) takes the focus and closes the palette: open it again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const shown = await input
      .waitFor({ state: 'visible', timeout: 5000 })
      .then(() => input.fill(`>${label}`, { timeout: 5000 }))
      .then(() => row.waitFor({ state: 'visible', timeout: 5000 }))
      .then(() => true, () => false);
    if (shown && (await row.isVisible())) break;
    if (attempt === 4) throw new Error(`the command palette did not show "${label}"`);
    if (await widget.isVisible()) await page.keyboard.press('Escape');
    await quickInputClosed(page);
  }
  await page.keyboard.press('Enter');
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
}

/** A tree row by its accessible name (VS Code ends it with a space). */
export function treeRow(page: Page, name: RegExp): Locator {
  return page.getByRole('treeitem', { name });
}

/** `chosen` runs just before the item is chosen (the benches start their clock there). */
export async function contextMenu(page: Page, row: Locator, action: string, chosen?: () => void): Promise<void> {
  await quickInputClosed(page);
  const menu = page.locator('.context-view .monaco-menu');
  // The tree may still be settling (a reveal, an expansion): the menu must belong to the row we meant.
  for (let attempt = 1; ; attempt++) {
    // A hover left by the pointer (a group's tooltip) can lie over the row: the pointer moves away first.
    await page.mouse.move(1, 1);
    await page.locator('.context-view .hover-contents, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 30_000 });
    await row.scrollIntoViewIfNeeded();
    // VS Code 1.103 keeps a row's hover (a tooltip) open over the rows below it: move away until it goes.
    const hover = page.locator('.context-view .hover-contents');
    if (await hover.isVisible()) {
      await page.mouse.move(0, 0);
      await hover.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
    await row.click({ button: 'right' });
    await menu.waitFor({ state: 'visible', timeout: 30_000 });
    const item = menu.locator('.action-item', { hasText: action }).first();
    // A right-click focuses the row (it does not select it).
    if (/\bfocused\b/.test((await row.getAttribute('class')) ?? '') && (await item.count()) > 0) {
      // The menu ignores a mouse-up right after it opens (the right-click's own): choose by keyboard, once
      // the item under the mouse is the focused one.
      await eventually(async () => {
        await item.hover({ position: { x: 20, y: 8 } });
        return /\bfocused\b/.test((await item.getAttribute('class')) ?? '');
      }, `"${action}" focused under the mouse`);
      chosen?.();
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden', timeout: 30_000 });
      return;
    }
    await page.keyboard.press('Escape');
    if (attempt === 3) throw new Error(`the context menu of the row has no "${action}"`);
    await menu.waitFor({ state: 'hidden', timeout: 30_000 });
  }
}

/** Wait until no quick input is open (a finished step closes it a moment later). */
export async function quickInputClosed(page: Page): Promise<void> {
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
}

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget input.input');
}

/** Type into the open quick input (replacing its value) and press Enter. */
export async function answer(page: Page, text: string): Promise<void> {
  const input = quickInput(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** The quick input's step title, e.g. "New Webhook Configuration (2/4)". */
export async function waitForStep(page: Page, step: RegExp): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ state: 'visible', timeout: 30_000 });
}

export function quickInputMessage(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-message');
}

export async function dialogButton(page: Page, label: string): Promise<void> {
  const button = page.locator('.monaco-dialog-box .monaco-button', { hasText: label }).first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}

/** The frame inside a webview (VS Code nests the content in iframe#active-frame) whose text includes `heading`. */
export async function webviewFrame(page: Page, heading?: string): Promise<import('playwright-core').Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      for (const outer of await page.locator('iframe.webview.ready').elementHandles()) {
        const outerFrame = await outer.contentFrame();
        const innerHandle = await outerFrame?.$('iframe#active-frame');
        const frame = await innerHandle?.contentFrame();
        if (!frame) continue;
        const h1 = await frame.evaluate(() => document.querySelector('h1')?.textContent ?? '').catch(() => '');
        if (h1 && (!heading || h1.includes(heading))) return frame;
      }
    } catch {
      // The workbench or a webview is (re)loading: look again.
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview showing "${heading ?? 'anything'}"`);
}

/** Set a string setting the way a user does: the Settings editor, search, type, Tab. */
export async function setStringSetting(page: Page, id: string, value: string, settingsFile?: string): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings');
  // Typed as a user types: VS Code 1.103's search box takes keys through an EditContext, not its (read-only) textarea.
  const search = page.locator('.settings-editor .settings-header .monaco-editor').first();
  await search.waitFor({ state: 'visible', timeout: 30_000 });
  await search.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(id);
  const input = page.locator(`.settings-editor input[aria-label="${id}"]`).first();
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(value);
  await input.press('Tab');
  // The Settings editor writes after a short debounce: wait until the user settings file has it.
  if (settingsFile) await eventually(() => fs.existsSync(settingsFile) && fs.readFileSync(settingsFile, 'utf8').includes(value), `${id} in the user settings file`);
  await page.keyboard.press('Control+W');
}

/** Reload the window and wait for the new workbench (not the old page, still showing for a moment). */
export async function reloadWindow(page: Page): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await navigated;
  await page.waitForLoadState('domcontentloaded');
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
}

/** The Transcrypts view showing its welcome (signed out): signs out first when something is connected. */
export async function signedOut(page: Page): Promise<void> {
  await openContainer(page, 'Transcrypts');
  const welcome = page.getByRole('button', { name: 'Connect to Transcrypts', exact: true });
  // The view is still rendering after the container opens: wait for one of its two states before deciding.
  const connected = page.locator('.part.sidebar').getByRole('treeitem').first();
  await Promise.race([welcome.waitFor({ timeout: 30_000 }), connected.waitFor({ timeout: 30_000 })]).catch(() => undefined);
  if (!(await welcome.isVisible())) {
    await runCommand(page, 'Transcrypts: Sign Out');
    await dialogButton(page, 'Sign Out');
  }
  await welcome.waitFor({ timeout: 30_000 });
}

/**
 * Start Listening's questions after the URL: the event types (all ticked: accepted), then, when they come, which
 * secret signs (the environment's) and whether to forward what arrived since the last session (no: from now on).
 */
export async function answerListenQuestions(page: Page): Promise<void> {
  // The widget is reused from one question to the next: only a visible title counts.
  const title = page.locator('.quick-input-widget:visible .quick-input-title');
  const events = title.filter({ hasText: 'which events' });
  await events.waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await events.waitFor({ state: 'hidden', timeout: 30_000 });
  for (let i = 0; i < 2; i++) {
    const next = title.filter({ hasText: /what signs|since/ });
    if (!(await next.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) return;
    const text = (await next.textContent()) ?? '';
    // The environment's secret is the first item; "Only deliveries from now on" is found by typing.
    if (!/what signs/.test(text)) await quickInput(page).fill('Only deliveries');
    await page.keyboard.press('Enter');
    await title.filter({ hasText: text }).waitFor({ state: 'hidden', timeout: 30_000 });
  }
}

/**
 * The page at rest: no animation or transition running (a hover's fade, a theme's colours, a resized list)
 * and two frames painted since — the state a picture or a layout reading needs.
 */
export async function settled(p: Page): Promise<void> {
  await p.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 30_000, polling: 50 });
  await p.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/** A picture of the page into `dir`, the mouse out of the way. */
export async function shoot(p: Page, dir: string, name: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await p.mouse.move(1, 1);
  await settled(p);
  await p.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** The color theme, from its picker as a user does; waits for the workbench to switch. */
export async function theme(p: Page, name: string): Promise<void> {
  const kind = name.includes('High Contrast') ? (name.endsWith('Light') ? 'hc-light' : 'hc-black') : name.includes('Light') ? 'vs' : 'vs-dark';
  if (await p.locator(`.monaco-workbench.${kind}`).isVisible()) return;
  // Its keybinding (the palette ranks "Browse Color Themes in Marketplace" first for this label).
  await p.locator('.monaco-workbench').press('Control+K');
  await p.keyboard.press('Control+T');
  await p.locator('.quick-input-widget input[placeholder*="Color Theme"]').waitFor({ timeout: 30_000 });
  await quickInput(p).fill(name);
  // "Browse Additional Color Themes…" stays first: click the theme itself (its description is the setting's name).
  await p.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().click({ timeout: 10_000 });
  await p.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 30_000 });
  await p.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
  await settled(p);
}

/**
 * Opens the Connect form from the welcome view once it names `host`: a setting written a moment ago (the API
 * address) reaches the extension host a little later, so a form naming the old address is closed and opened again.
 */
export async function openConnectFormAt(page: Page, host: string): Promise<void> {
  const title = page.locator('.quick-input-widget .quick-input-title');
  await eventually(async () => {
    await page.getByRole('button', { name: 'Connect to Transcrypts', exact: true }).click();
    await waitForStep(page, /1\/3/);
    if (((await title.textContent()) ?? '').includes(host)) return true;
    await page.keyboard.press('Escape');
    await quickInputClosed(page);
    return false;
  }, `the Connect form naming ${host}`, 60_000);
}
