/**
 * Times taken in the page, not by polling it. Playwright's waits retry with back-off (0, 20, 50, 100, 100, 500 ms
 * apart…), so a figure read through `locator.waitFor` is rounded up to the next retry: a tree painted 380 ms after
 * the click could read 380 or 850 ms. These record `Date.now()` in the page itself — the last pointer-down, and
 * the first paint after an element appears — and the bench reads them afterwards.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core';

interface Marks {
  /** The last pointer-down in this frame. */
  clicked: number;
  /** The last key-down in this frame (a context menu's item is chosen with Enter). */
  pressed?: number;
  /** A selector's first paint, by name (the watches below, and `watchTreeItem`'s `tree`). */
  [mark: string]: number | undefined;
}

/**
 * In every frame the browser creates: the selectors whose first paint each frame records. (Not a webview's content:
 * its host frame writes that document, and the script does not run in it; the webviews keep their own times.)
 */
const FRAME_WATCHES: Record<string, string> = {};

/**
 * Plain JavaScript, as a string: tsx's transform names functions through a helper the page does not have.
 * `__benchWatch(name, test)` records `marks[name]` once `test()` holds, after the next paint.
 */
const INIT_SCRIPT = `(() => {
  if (window.__benchMarks) return;
  const marks = { clicked: 0 };
  window.__benchMarks = marks;
  // After the frame in which the element appeared is painted: a timeout queued from the next frame's callback.
  const painted = (name) => requestAnimationFrame(() => setTimeout(() => { marks[name] = Date.now(); }, 0));
  window.__benchWatch = (name, test) => {
    delete marks[name];
    const check = () => {
      if (!test()) return false;
      marks[name] = 0;
      painted(name);
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'class'] });
  };
  addEventListener('pointerdown', () => { marks.clicked = Date.now(); }, { capture: true });
  addEventListener('keydown', () => { marks.pressed = Date.now(); }, { capture: true });
  for (const [name, selector] of Object.entries(WATCHES)) window.__benchWatch(name, () => document.querySelector(selector) !== null);
})();`;

/** Install the marks in every frame of this browser context (before its pages are opened). */
export async function installMarks(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: INIT_SCRIPT.replace('WATCHES', JSON.stringify(FRAME_WATCHES)) });
}

/** Watch for a tree row whose aria-label matches (from now on); read it with `waitForMark(page, name)`. */
export async function watchTreeItem(page: Page, label: RegExp, name = 'tree'): Promise<void> {
  // A string, run in the page (see INIT_SCRIPT).
  await page.evaluate(`(() => {
    const rx = new RegExp(${JSON.stringify(label.source)}, ${JSON.stringify(label.flags)});
    window.__benchWatch(${JSON.stringify(name)}, () => [...document.querySelectorAll('[role="treeitem"]')].some((el) => rx.test(el.getAttribute('aria-label') || '')));
  })()`);
}

type WithMarks = { __benchMarks?: Marks };

/**
 * Wait (polling; the time is the page's) until `name` was painted in this frame; its marks then. Functions, not
 * strings: a webview's CSP forbids evaluating strings.
 */
export async function waitForMark(frame: Page | Frame, name: string, timeout = 60_000): Promise<Marks> {
  await frame.waitForFunction((n) => ((globalThis as unknown as WithMarks).__benchMarks?.[n] ?? 0) > 0, name, { polling: 50, timeout });
  return marksOf(frame);
}

/** This frame's marks now. */
export async function marksOf(frame: Page | Frame): Promise<Marks> {
  return frame.evaluate(() => ({ ...(globalThis as unknown as Required<WithMarks>).__benchMarks }));
}
