/** Small page objects for the VS Code 1.100 workbench (selectors from ../shared/testing.md). */
import type { Locator, Page } from 'playwright-core';

export async function openContainer(page: Page, title: string): Promise<void> {
  // Contributions appear only once the remote extension host connects: wait up to 60 s.
  const icon = page.locator(`.part.activitybar a.action-label[aria-label^="${title}"]`);
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  const selected = await icon.locator('xpath=..').getAttribute('aria-selected').catch(() => null);
  if (selected !== 'true') await icon.click();
}

export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
}

export function viewPane(page: Page, name: string): Locator {
  return page.locator('.pane', { has: page.locator(`.pane-header[aria-label^="${name}"]`) });
}
