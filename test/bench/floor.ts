/**
 * Ours against the floor, in the same code-server, interleaved (ours, floor, ours, floor…, BENCH_RUNS each,
 * default 10 for the tree and 5 for the history): the floor is a plain extension (test/bench/floor/) with a static tree and a webview fed by its host —
 * what VS Code itself costs for the same UI. Figures: the tree from the activity-bar click to the first group's
 * children painted (10 and 1,000 items), the history from the context menu to the first rows painted, and a
 * 500-row page from the request to the rows painted. Prints figure | ours | floor | ratio (medians, with the
 * spread) and writes the same as JSON (`--json FILE`, default bench-results.json).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { EVENT_TYPES } from '../../src/core/events';
import { KNOWN_ENVS as ENV_TYPES } from '../../src/core/model';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { generatePayload } from '../../src/core/samples/payloads';
import { hex, newId, seededRng } from '../../src/core/samples/random';
import type { StoredRequest } from '../../src/sandbox/store';
import { scratchDir } from '../harness/codeServer';
import { openConnectedWorkbench } from '../harness/connected';
import { contextMenu, reloadWindow, runCommand, webviewFrame } from '../ui/workbench';
import { marksOf, waitForMark, watchTreeItem } from './paint';
import { productionCopy } from './production';
import { median } from './report';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The tree's runs are short (a reload and a click) and its figures near their goal: twice as many by default. */
const TREE_RUNS = Number(process.env.BENCH_RUNS ?? 10);
const FLOOR = path.join(__dirname, 'floor');

/**
 * The floor as a .vsix (installed into code-server beside ours: one development extension per window). Its
 * "Menus floor" view gets our view/item/context menus, retargeted at it (the same when clauses, inline actions
 * and icons, commands that do nothing): what VS Code costs to render rows with our menus.
 */
function floorVsix(): string {
  const dir = path.join(scratchDir(), 'floor');
  fs.cpSync(FLOOR, dir, { recursive: true });
  const ours = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
  const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.nls.json'), 'utf8')) as Record<string, string>;
  const floor = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  const ids = new Map<string, string>();
  const idOf = (command: string): string => ids.get(command) ?? (ids.set(command, `floor.m.${ids.size}`), ids.get(command) as string);
  const menus = (ours.contributes.menus['view/item/context'] ?? []).map((m) => ({ ...m, command: idOf(m.command), when: m.when.replaceAll('view == transcrypts.webhooks', 'view == floor.menus').replaceAll('transcrypts.', 'floor.') }));
  floor.contributes.menus['view/item/context'] = [...(floor.contributes.menus['view/item/context'] ?? []), ...menus];
  for (const [command, id] of ids) {
    const c = ours.contributes.commands.find((x) => x.command === command);
    floor.contributes.commands.push({ command: id, title: nls[c?.title.slice(1, -1) ?? ''] ?? command, ...(c?.icon ? { icon: c.icon } : {}) });
  }
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(floor, null, 2));
  const out = path.join(scratchDir(), 'floor.vsix');
  execFileSync(path.join(__dirname, '..', '..', 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--allow-star-activation', '-o', out], { cwd: dir, stdio: 'ignore' });
  return out;
}

interface Manifest {
  contributes: { commands: Array<{ command: string; title: string; icon?: string }>; menus: Record<string, Array<{ command: string; when: string; group?: string }>> };
}
const jsonArg = process.argv.indexOf('--json');
const JSON_FILE = jsonArg > 0 ? (process.argv[jsonArg + 1] ?? 'bench-results.json') : 'bench-results.json';

interface Figure {
  figure: string;
  ours: number[];
  floor: number[];
  /** The goal: ours ≤ goal × floor. */
  goal: number;
}

const figures: Figure[] = [];

function seedConfigurations(sandbox: Sandbox, count: number): void {
  const now = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    sandbox.store.putWebhook({ id: newId(), name: `Receiver ${String(i).padStart(4, '0')}`, webhook_url: `https://hooks${i}.example.com/transcrypts`, events: [...EVENT_TYPES], env_type: ENV_TYPES[i % 3] ?? 'sandbox', enabled: i % 7 !== 0, created_at: now, updated_at: now });
  }
}

function seedDeliveries(sandbox: Sandbox, n: number): void {
  const rng = seededRng(5);
  const now = Date.now();
  const rows: StoredRequest[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(now - (n - i) * 60_000);
    const type = EVENT_TYPES[i % EVENT_TYPES.length] ?? 'order-created';
    const p = generatePayload(type, rng, at, hex(rng, 32));
    rows.push({ seq: sandbox.store.nextSeq(), created_at: at.toISOString(), env_type: ENV_TYPES[0] ?? 'sandbox', webhook_id: String(p.webhook_id), event_type: type, event_created_at: String(p.event_created_at), status_code: i % 9 === 0 ? 500 : 200, error_message: null, webhook_payload: p, webhook_url: 'https://hooks0.example.com/transcrypts' });
  }
  sandbox.store.addRequests(rows);
}

/** A fresh window (activation counts), its editors closed, code-server's own start-up settled. */
async function fresh(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  // Neither view is restored by the reload: a hidden tree of 1,000 items re-renders its rows at every context key
  // change the other extension makes (30 ms each here), which would count against the one measured next.
  await runCommand(page, 'View: Show Explorer');
  await reloadWindow(page);
  await page.locator('.part.activitybar a.action-label[aria-label^="Floor"]').waitFor({ timeout: 90_000 });
  await page.waitForTimeout(4000);
}

type Which = 'ours' | 'floor' | 'nested' | 'menus';
const ICON: Record<Which, string> = { ours: 'Transcrypts', floor: 'Floor', nested: 'Nested floor', menus: 'Menus floor' };

async function treeOnce(page: Page, which: Which): Promise<number> {
  await fresh(page);
  const icon = page.locator(`.part.activitybar a.action-label[aria-label^="${ICON[which]}"]`);
  await watchTreeItem(page, which === 'ours' ? /^Receiver 0000, / : /^Item 0000/);
  await icon.click();
  // The click and the paint as the page timed them (see paint.ts: Playwright's own waits round up).
  const marks = await waitForMark(page, 'tree').catch(async (e: unknown) => {
    await page.screenshot({ path: path.join(scratchDir(), 'bench-failure.png') }).catch(() => undefined);
    throw e;
  });
  return (marks.tree ?? 0) - marks.clicked;
}

async function openHistory(page: Page, which: 'ours' | 'floor'): Promise<{ ms: number; frame: Frame }> {
  await fresh(page);
  await page.locator(`.part.activitybar a.action-label[aria-label^="${which === 'ours' ? 'Transcrypts' : 'Floor'}"]`).click();
  const group = page.getByRole('treeitem', { name: which === 'ours' ? /^Sandbox environment, / : /^Sandbox/ }).first();
  await group.waitFor({ timeout: 60_000 });
  await contextMenu(page, group, which === 'ours' ? 'Open Request History' : 'Open Floor History');
  const frame = await webviewFrame(page, which === 'ours' ? 'Request history: Sandbox' : 'Floor history');
  // From the Enter that chose the menu item to the first rows painted, both timed in the pages (the webview's own
  // record: a webview's content frame is written by its host frame, so the marks' script does not run in it).
  type W = { __history?: { firstRowsPaintedAt(): number }; __floor?: { painted?: number } };
  const at = await frame.waitForFunction((w) => {
    const g = globalThis as unknown as W;
    return (w === 'ours' ? g.__history?.firstRowsPaintedAt() : g.__floor?.painted) || 0;
  }, which, { polling: 50, timeout: 60_000 });
  const chosen = (await marksOf(page)).pressed ?? 0;
  return { ms: Number(await at.jsonValue()) - chosen, frame };
}

/** A 500-row page: the request (Load More / Page) to the rows counted in the webview, polled each frame. */
async function pageOnce(frame: Frame, which: 'ours' | 'floor'): Promise<number> {
  type W = { __history?: { loaded(): number }; __floor?: { shown: number } };
  const count = (): Promise<number> =>
    frame.evaluate((w) => {
      const g = window as unknown as W;
      return w === 'ours' ? (g.__history?.loaded() ?? 0) : (g.__floor?.shown ?? 0);
    }, which);
  const target = (await count()) + 500;
  const t0 = Date.now();
  await frame.locator(which === 'ours' ? '#load-more' : '#page').click();
  await frame.waitForFunction(
    ([w, n]) => {
      const g = window as unknown as W;
      return (w === 'ours' ? (g.__history?.loaded() ?? 0) : (g.__floor?.shown ?? 0)) >= (n as number);
    },
    [which, target] as const,
    { polling: 'raf', timeout: 60_000 },
  );
  return Date.now() - t0;
}

async function interleave(name: string, goal: number, run: (which: Which) => Promise<number>, floor: Which = 'floor', runs = RUNS): Promise<void> {
  const f: Figure = { figure: name, ours: [], floor: [], goal };
  for (let i = 0; i < runs; i++) {
    f.ours.push(await run('ours'));
    f.floor.push(await run(floor));
    if (process.env.BENCH_VERBOSE) process.stdout.write(`  ${name}: ours ${f.ours.at(-1)} ms, floor ${f.floor.at(-1)} ms\n`);
  }
  figures.push(f);
}

/** Ours as it ships (the production build), built once. */
let production: string | undefined;

/** `asShipped`: ours as the production build; otherwise the development build, whose webview has the test hooks. */
async function session(vsix: string, configs: number, deliveries: number, asShipped: boolean, body: (page: Page) => Promise<void>): Promise<void> {
  const dir = scratchDir();
  const sandbox = await startSandbox({ profile: 'truv', dataDir: path.join(dir, 'sandbox') });
  seedConfigurations(sandbox, configs);
  if (deliveries) seedDeliveries(sandbox, deliveries);
  const wb = await openConnectedWorkbench(sandbox, dir, { 'history.pageSize': 100 }, { env: { FLOOR_ITEMS: String(configs) }, install: [vsix], extensionPath: asShipped ? production : undefined });
  try {
    await wb.page.locator('.part.activitybar a.action-label[aria-label^="Transcrypts"]').waitFor({ timeout: 90_000 });
    await body(wb.page);
  } finally {
    await wb.close();
    await sandbox.close();
  }
}

function spread(xs: number[]): string {
  return `${Math.min(...xs)}–${Math.max(...xs)}`;
}

async function main(): Promise<void> {
  const vsix = floorVsix();
  production = productionCopy();
  // BENCH_ONLY=tree or history: one half.
  const only = process.env.BENCH_ONLY;
  for (const n of only === 'history' ? [] : [10, 1000]) {
    await session(vsix, n, 0, true, async (page) => {
      // One untimed run of each first: ours then has last session's snapshot, as on every start but the first
      // (test/bench/tree.ts measures the first start, in a fresh code-server each time).
      await treeOnce(page, 'ours');
      await treeOnce(page, 'floor');
      await interleave(`tree: click → first children, ${n} items`, 1.5, (w) => treeOnce(page, w), 'floor', TREE_RUNS);
      // The same against a floor whose items are collapsible (3 children each), as our configurations are.
      await interleave(`tree: the same, floor items collapsible, ${n} items`, 1.5, (w) => treeOnce(page, w), 'nested', TREE_RUNS);
      // And against a floor whose rows carry our menus (inline actions, when clauses) and coloured icons.
      await interleave(`tree: the same, floor rows with our menus, ${n} items`, 1.5, (w) => treeOnce(page, w), 'menus', TREE_RUNS);
      // All of ours against all three floors' runs: one figure that a single noisy series does not decide.
      const series = figures.filter((f) => f.figure.endsWith(` ${n} items`));
      figures.push({ figure: `tree: all three series pooled, ${n} items`, ours: series.flatMap((f) => f.ours), floor: series.flatMap((f) => f.floor), goal: 1.5 });
    });
  }
  if (only !== 'tree') await session(vsix, 10, 10_000, false, async (page) => {
    await interleave('history: open → first rows painted', 1.5, async (w) => (await openHistory(page, w === 'ours' ? 'ours' : 'floor')).ms);
    // The last session's panel of each kind: pages of 500 in turn (the panels stay open in one window).
    const ours = await openHistory(page, 'ours');
    await runCommand(page, 'View: New Editor Group to the Right');
    await runCommand(page, 'Open Floor History');
    const floor = await webviewFrame(page, 'Floor history');
    await floor.waitForSelector('#list .row', { timeout: 60_000 });
    await interleave('history: a 500-row page, request → rows in the webview', 2, (w) => (w === 'ours' ? pageOnce(ours.frame, 'ours') : pageOnce(floor, 'floor')));
  });
  const lines = figures.map((f) => {
    const o = median(f.ours);
    const fl = median(f.floor);
    return { figure: f.figure, ours: o, floor: fl, ratio: Math.round((o / fl) * 100) / 100, goal: f.goal, oursRuns: f.ours, floorRuns: f.floor };
  });
  process.stdout.write(`\n${'figure'.padEnd(58)} ${'ours'.padStart(16)} ${'floor'.padStart(16)}  ratio (goal)\n`);
  for (const l of lines) {
    const f = figures.find((x) => x.figure === l.figure) as Figure;
    process.stdout.write(`${l.figure.padEnd(58)} ${`${l.ours} ms (${spread(f.ours)})`.padStart(16)} ${`${l.floor} ms (${spread(f.floor)})`.padStart(16)}  ${l.ratio.toFixed(2)}× (≤ ${l.goal}×)\n`);
  }
  fs.writeFileSync(JSON_FILE, `${JSON.stringify({ runs: { tree: TREE_RUNS, history: RUNS }, date: new Date().toISOString(), figures: lines }, null, 2)}\n`);
  process.stdout.write(`medians of ${TREE_RUNS} (tree) and ${RUNS} (history) interleaved runs each (spread: min–max); JSON: ${JSON_FILE}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
