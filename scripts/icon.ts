/** Renders media/icon.svg to the 128×128 PNG the Marketplace shows (`npx tsx scripts/icon.ts`), with Debian's chromium. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../test/harness/browser';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

void main();
