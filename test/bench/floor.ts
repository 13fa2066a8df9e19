/**
 * Ours against the floor, in the same code-server, interleaved in pairs (ours, floor, floor, ours…: each pair's
 * order alternates, inTurns in report.ts; BENCH_RUNS pairs, default 10, after one untimed run of each). The floor is a plain extension (test/bench/floor/) that reads
 * the same sandbox with bare requests (Node's http): a tree of the environments' configurations, a history panel with a virtual
 * list. Every figure goes through pairFigure (test/bench/report.ts): ours, floor, ratio of medians, median of the
 * per-pair ratios with min–max, the goal and the load average, and into `npm run bench -- --json FILE`.
 *
 * The tree (10, 1,000 and 5,000 configurations; BENCH_TREE_SIZES): before each run the sandbox's first
 * configuration gets a new name, so only a fresh list can show it. Both trees show a group's first GROUP_PAGE
 * configurations and a row saying how many are shown (at 5,000 the floor once rendered all of them, ours 2,000). From the click on the activity-bar icon:
 * - first paint: that configuration's row painted, whatever its name (ours paints last session's snapshot first);
 * - live data painted: its row painted with the new name;
 * - the extension host's and the renderers' CPU from the click to the live paint + 3 s (/proc, see cpu.ts).
 * The history: Enter on the menu item → first rows painted, with the same CPU figures; a 500-row page.
 * BENCH_ONLY=tree or history: one half. BENCH_HOST_PROFILE=dir: the tree's runs also take a CPU profile of the
 * extension host from the click to the paint + 3 s (test/bench/hostprofile/), and each size prints ours' against the
 * floor's (compareProfiles); BENCH_RENDERER_PROFILE=1 the same of the workbench's main thread, BENCH_RENDERER_TRACE=1 a
 * Chromium trace of the renderers' main threads by event (compareTraces). Profiling slows both
 * sides, so such runs' figures are not the bench's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { EVENT_TYPES } from '../../src/core/events';
import { KNOWN_ENVS as ENV_TYPES } from '../../src/core/model';
import type { Webhook } from '../../src/core/api/schemas';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { generatePayload } from '../../src/core/samples/payloads';
import { hex, seededRng } from '../../src/core/samples/random';
import type { StoredRequest } from '../../src/sandbox/store';
import { scratchDir } from '../harness/codeServer';
import { openConnectedWorkbench } from '../harness/connected';
import { contextMenu, runCommand, webviewFrame } from '../ui/workbench';
import { cpuNow, cpuSince } from './cpu';
import { marksOf, waitForMark, watchTreeItem } from './paint';
import { productionCopy } from './production';
import { floorVsix, freshWindow, hostProfileVsix, seedConfigurations } from './floorSetup';
import { compareMessages, compareProfiles, compareTraces, inTurns, median, pairFigure, type Goal, type Profile } from './report';
import { GROUP_PAGE } from '../../src/vscode/view/itemViews';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
/**
 * The floor reads its keys from SecretStorage at activation, as ours must (floor/extension.js);
 * FLOOR_SECRET_STORAGE=0: from the credentials file, with no read on the path (the floor of the first figures).
 */
process.env.FLOOR_SECRET_STORAGE ??= '1';
const FLOOR_NAME = process.env.FLOOR_SECRET_STORAGE === '0' ? 'floor, keys from a file' : 'floor';
/**
 * After the tree's figures against the floor, the same against the floor with our registrations: the floor also makes
 * every registration ours makes at activation (our commands, the 16 tools, the providers, the status bar items, the
 * Test Explorer's controller…), each doing nothing (floorSetup.ts, floor/extension.js). What is left between ours
 * and it is our own work; what it adds to the floor is VS Code's cost of the registrations. Printed without a goal
 * (the goals are against the plain floor), BENCH_REGISTRATION_RUNS pairs (default 6). BENCH_REGISTRATIONS=0: not run;
 * =only: only these.
 */
const REGISTRATIONS = process.env.BENCH_REGISTRATIONS ?? '1';
const REGISTRATION_RUNS = Number(process.env.BENCH_REGISTRATION_RUNS ?? 6);
const REGISTRATIONS_NAME = `${FLOOR_NAME} with our registrations`;
const SIZES = (process.env.BENCH_TREE_SIZES ?? '10,1000,5000').split(',').map(Number);
/** From the paint, how long the CPU figures go on counting. */
const AFTER_PAINT_MS = 3000;
const GOALS = { firstPaint: { atMost: 1.1 }, livePaint: { atMost: 1.2 }, cpu: { atMost: 1.3 }, historyOpen: { atMost: 1.1 } } satisfies Record<string, Goal>;

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

type Which = 'ours' | 'floor';
/** The floor's tree is the one whose rows carry our menus, coloured icons and collapsible items: the same rows. */
const ICON: Record<Which, string> = { ours: 'Transcrypts', floor: 'Menus floor' };

interface Run {
  first: number;
  live: number;
  extensionHost: number;
  renderer: number;
  /** When PROFILING: the name of its profiles (and trace). */
  profile?: string;
}
type Figure = Exclude<keyof Run, 'profile'>;

let renamed = 0;

const HOST_PROFILE = process.env.BENCH_HOST_PROFILE ? path.resolve(process.env.BENCH_HOST_PROFILE) : undefined;
let profiled = 0;
/** BENCH_RENDERER_PROFILE=1: the tree's runs also take a CPU profile of the workbench's main thread (the same span). */
const RENDERER_PROFILE = process.env.BENCH_RENDERER_PROFILE === '1';
const rendererProfiles = new Map<string, Profile>();
/** BENCH_RENDERER_TRACE=1: a Chromium trace of the same span instead (what the renderers' main threads did). */
const RENDERER_TRACE = process.env.BENCH_RENDERER_TRACE === '1';
const rendererTraces = new Map<string, string>();
/** Any of the three: the tree's runs are profiled (the development build, slowed by the profilers). */
const PROFILING = HOST_PROFILE !== undefined || RENDERER_PROFILE || RENDERER_TRACE;

/** Asks the profiler for the run's profile and waits for it (bounded). */
async function stopProfile(name: string): Promise<void> {
  const dir = HOST_PROFILE as string;
  const file = path.join(dir, `${name}.cpuprofile`);
  if (fs.existsSync(path.join(dir, 'start'))) throw new Error('the profiler did not start: is test/bench/hostprofile installed and activated?');
  fs.writeFileSync(path.join(dir, 'stop'), '');
  for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  if (!fs.existsSync(file)) throw new Error(`no profile ${file}${fs.existsSync(path.join(dir, 'error.txt')) ? `: ${fs.readFileSync(path.join(dir, 'error.txt'), 'utf8')}` : ''}`);
}

/** The profiles of one tree's timed runs, ours' against the floor's: the extension host's and the workbench's. */
function printProfiles(what: string, names: { ours: string[]; floor: string[] }): void {
  if (HOST_PROFILE) {
    const read = (n: string) => JSON.parse(fs.readFileSync(path.join(HOST_PROFILE, `${n}.cpuprofile`), 'utf8')) as Profile;
    compareProfiles(`${what}, the extension host`, { ours: names.ours.map(read), floor: names.floor.map(read) }, { ours: /\/dist\/main\.js$/, floor: /\/bench\.floor-[^/]*\/extension\.js$/, profiler: /\/bench\.hostprofile-[^/]*\/extension\.js$/ });
    const sent = (n: string) => JSON.parse(fs.readFileSync(path.join(HOST_PROFILE, `${n}.messages.json`), 'utf8')) as Array<[number, string]>;
    compareMessages(what, { ours: names.ours.map(sent), floor: names.floor.map(sent) });
  }
  const renderer = (n: string) => rendererProfiles.get(n) ?? [];
  const trace = (n: string) => rendererTraces.get(n) ?? [];
  if (RENDERER_TRACE) compareTraces(what, { ours: names.ours.flatMap(trace), floor: names.floor.flatMap(trace) });
  if (RENDERER_PROFILE) compareProfiles(`${what}, the workbench's main thread`, { ours: names.ours.flatMap(renderer), floor: names.floor.flatMap(renderer) });
}

/** One run: rename the first configuration, reload, click, wait for the new name's paint + 3 s. */
async function treeOnce(page: Page, sandbox: Sandbox, first: Webhook, which: Which): Promise<Run> {
  const name = `Live ${String(++renamed).padStart(4, '0')}`;
  sandbox.store.putWebhook({ ...first, name, updated_at: new Date().toISOString() });
  await freshWindow(page);
  const icon = page.locator(`.part.activitybar a.action-label[aria-label^="${ICON[which]}"]`);
  // The first configuration's row, by its URL (the snapshot's has last run's name); then by its new name.
  await watchTreeItem(page, new RegExp(`, ${first.webhook_url.replaceAll('.', '\\.')}$`), 'first');
  await watchTreeItem(page, new RegExp(`^${name}, `), 'live');
  const profile = PROFILING ? `${which}-${++profiled}` : undefined;
  if (profile && HOST_PROFILE) fs.writeFileSync(path.join(HOST_PROFILE, 'start'), profile);
  const cdp = RENDERER_PROFILE ? await page.context().newCDPSession(page) : undefined;
  const browser = RENDERER_TRACE ? page.context().browser() : null;
  await browser?.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc'] });
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const before = cpuNow();
  await icon.click();
  const marks = await waitForMark(page, 'live').catch(async (e: unknown) => {
    await page.screenshot({ path: path.join(scratchDir(), 'bench-failure.png') }).catch(() => undefined);
    throw e;
  });
  await new Promise((r) => setTimeout(r, Math.max(0, (marks.live ?? 0) + AFTER_PAINT_MS - Date.now())));
  const cpu = cpuSince(before);
  if (profile && HOST_PROFILE) await stopProfile(profile);
  if (profile && cdp) rendererProfiles.set(profile, (await cdp.send('Profiler.stop')).profile as Profile);
  await cdp?.detach();
  if (profile && browser) rendererTraces.set(profile, (await browser.stopTracing()).toString('utf8'));
  const firstAt = (await marksOf(page)).first ?? marks.live ?? 0;
  return { first: firstAt - marks.clicked, live: (marks.live ?? 0) - marks.clicked, ...cpu, profile };
}

/**
 * `n` pairs, interleaved, each pair's order alternating (inTurns); each series' runs in order. `warmUp` untimed
 * pairs first: ours then has last session's snapshot, as on every start but the first.
 */
function pairs<T>(n: number, run: (which: Which) => Promise<T>, warmUp = 0): Promise<{ ours: T[]; floor: T[] }> {
  const logged = (which: Which) => async (): Promise<T> => {
    const r = await run(which);
    if (process.env.BENCH_VERBOSE) process.stdout.write(`  ${which}: ${JSON.stringify(r)}\n`);
    return r;
  };
  return inTurns(n, logged('ours'), logged('floor'), warmUp);
}

/** The four figures of a series of runs (first paint, live paint, and the two CPUs). */
function runFigures(what: string, r: { ours: Run[]; floor: Run[] }, goals: Partial<Record<Figure, Goal>>, notes: Partial<Record<Figure, string>> = {}, floorName = FLOOR_NAME): void {
  const label: Record<Figure, string> = { first: 'first paint', live: 'live data painted', extensionHost: `extension host CPU, click → paint + ${AFTER_PAINT_MS / 1000} s`, renderer: `renderer CPU, click → paint + ${AFTER_PAINT_MS / 1000} s` };
  for (const k of Object.keys(label) as Figure[]) {
    pairFigure('floor', `${what}: ${label[k]}`, 'ms', r.ours.map((x) => x[k]), { name: floorName, runs: r.floor.map((x) => x[k]) }, goals[k], notes[k]);
  }
}

/** Ours as it ships (the production build), built once. */
let production: string | undefined;

/** `asShipped`: ours as the production build; otherwise the development build, whose webview has the test hooks. */
async function session(vsix: string, configs: number, deliveries: number, asShipped: boolean, body: (page: Page, sandbox: Sandbox, first: Webhook) => Promise<void>): Promise<void> {
  const dir = scratchDir();
  const sandbox = await startSandbox({ profile: 'truv', dataDir: path.join(dir, 'sandbox') });
  const first = seedConfigurations(sandbox, configs);
  if (deliveries) seedDeliveries(sandbox, deliveries);
  const wb = await openConnectedWorkbench(sandbox, dir, {}, { env: { FLOOR_API: sandbox.baseUrl, FLOOR_GROUP_PAGE: String(GROUP_PAGE), ...(HOST_PROFILE ? { BENCH_HOST_PROFILE: HOST_PROFILE } : {}) }, install: [vsix, ...(HOST_PROFILE ? [hostProfileVsix()] : [])], extensionPath: asShipped ? production : undefined });
  try {
    await wb.page.locator('.part.activitybar a.action-label[aria-label^="Transcrypts"]').waitFor({ timeout: 90_000 });
    await body(wb.page, sandbox, first);
  } finally {
    await wb.close();
    await sandbox.close();
    printReady(wb.server.scratch);
  }
}

/** Ours' own split of each start (its log's "Ready" line): activation → connection restored → first load done. */
function printReady(scratch: string): void {
  const logs = path.join(scratch, 'ud', 'logs');
  const files = fs.existsSync(logs) ? (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => f.endsWith('Transcrypts.log')) : [];
  const texts = files.map((f) => fs.readFileSync(path.join(logs, f), 'utf8'));
  const ready = texts.flatMap((t) => [...t.matchAll(/Ready (\d+) ms after activation \(connection (\d+) ms, first load (\d+) ms\)/g)].map((m) => m.slice(1).map(Number)));
  if (ready.length === 0) return;
  const med = (i: number) => median(ready.map((r) => r[i] ?? NaN));
  process.stdout.write(`  ours' log, median of ${ready.length} starts: ready ${med(0)} ms after activation = connection restored ${med(1)} ms + first load ${med(2)} ms\n`);
  // Before that: the bundle's load (through its code cache) and activate() itself (src/extension.ts's first line).
  const activated = texts.flatMap((t) => [...t.matchAll(/activated in ([\d.]+) ms \(its bundle loaded in ([\d.]+) ms before that, code cache (\w+)\)/g)]);
  if (activated.length === 0) return;
  const caches = [...new Set(activated.map((m) => m[3]))].map((c) => `${c} ${activated.filter((m) => m[3] === c).length}`).join(', ');
  process.stdout.write(`  before it: bundle loaded in ${median(activated.map((m) => Number(m[2])))} ms, activate() ${median(activated.map((m) => Number(m[1])))} ms (medians; code cache: ${caches})\n`);
}

async function tree(vsix: string, n: number): Promise<void> {
  // Profiled: the development build, whose functions keep their names.
  await session(vsix, n, 0, !PROFILING, async (page, sandbox, first) => {
    // One untimed pair first (test/bench/tree.ts measures the first start, in a fresh code-server each time).
    const r = await pairs(RUNS, (w) => treeOnce(page, sandbox, first, w), 1);
    const what = `tree, ${n.toLocaleString('en-US')} configurations`;
    runFigures(what, r, { first: GOALS.firstPaint, live: GOALS.livePaint, extensionHost: GOALS.cpu, renderer: GOALS.cpu }, {
      first: 'ours: last session’s snapshot (the first configuration under its old name); the floor has no snapshot: its first paint is the live list',
      live: 'the first configuration under the name the bench gave it just before the run',
    });
    const names = (runs: Run[]) => runs.flatMap((x) => (x.profile ? [x.profile] : []));
    if (PROFILING) printProfiles(what, { ours: names(r.ours), floor: names(r.floor) });
  });
}

/**
 * The tree's figures against the floor with our registrations (REGISTRATIONS), without goals. Profiled (only with
 * BENCH_REGISTRATIONS=only): what is left between ours and that floor, function by function.
 */
async function treeAgainstRegistrations(vsix: string, n: number): Promise<void> {
  await session(vsix, n, 0, !PROFILING, async (page, sandbox, first) => {
    const r = await pairs(REGISTRATION_RUNS, (w) => treeOnce(page, sandbox, first, w), 1);
    const what = `tree, ${n.toLocaleString('en-US')} configurations, against the floor with our registrations`;
    runFigures(what, r, {}, { live: 'what is left is our own work; the goals are against the plain floor' }, REGISTRATIONS_NAME);
    const names = (runs: Run[]) => runs.flatMap((x) => (x.profile ? [x.profile] : []));
    if (PROFILING) printProfiles(what, { ours: names(r.ours), floor: names(r.floor) });
  });
}

interface HistoryRun {
  live: number;
  extensionHost: number;
  renderer: number;
}

type Hooks = { __history?: { firstRowsPaintedAt(): number; loaded(): number }; __floor?: { painted?: number; shown: number } };

/** Enter on the menu item → first rows painted (the webviews' own record), and the CPU to that + 3 s. */
async function openHistory(page: Page, which: Which): Promise<{ run: HistoryRun; frame: Frame }> {
  await freshWindow(page);
  await page.locator(`.part.activitybar a.action-label[aria-label^="${which === 'ours' ? 'Transcrypts' : 'Floor'}"]`).first().click();
  const group = page.getByRole('treeitem', { name: which === 'ours' ? /^Sandbox environment, / : /^Sandbox/ }).first();
  await group.waitFor({ timeout: 60_000 });
  // Both views' lists arrive and paint before the clock starts.
  await page.waitForTimeout(1500);
  let before = cpuNow();
  await contextMenu(page, group, which === 'ours' ? 'Open Request History' : 'Open Floor History', () => (before = cpuNow()));
  const frame = await webviewFrame(page, which === 'ours' ? 'Request history: Sandbox' : 'Floor history');
  const at = Number(
    await (
      await frame.waitForFunction((w) => {
        const g = globalThis as unknown as Hooks;
        return (w === 'ours' ? g.__history?.firstRowsPaintedAt() : g.__floor?.painted) || 0;
      }, which, { polling: 50, timeout: 60_000 })
    ).jsonValue(),
  );
  await new Promise((r) => setTimeout(r, Math.max(0, at + AFTER_PAINT_MS - Date.now())));
  const cpu = cpuSince(before);
  const chosen = (await marksOf(page)).pressed ?? 0;
  return { run: { live: at - chosen, ...cpu }, frame };
}

/** A 500-row page: the request (Load More / Page) to the rows counted in the webview, polled each frame. */
async function pageOnce(frame: Frame, which: Which): Promise<number> {
  const count = (): Promise<number> =>
    frame.evaluate((w) => {
      const g = globalThis as unknown as Hooks;
      return w === 'ours' ? (g.__history?.loaded() ?? 0) : (g.__floor?.shown ?? 0);
    }, which);
  const target = (await count()) + 500;
  const t0 = Date.now();
  await frame.locator(which === 'ours' ? '#load-more' : '#page').click();
  await frame.waitForFunction(
    ([w, n]) => {
      const g = globalThis as unknown as Hooks;
      return (w === 'ours' ? (g.__history?.loaded() ?? 0) : (g.__floor?.shown ?? 0)) >= (n as number);
    },
    [which, target] as const,
    { polling: 'raf', timeout: 60_000 },
  ).catch(async (e: unknown) => {
    throw new Error(`${which}: ${await count()} rows, not ${target}: ${String(e)}`);
  });
  return Date.now() - t0;
}

async function history(vsix: string): Promise<void> {
  // The development build: its webview records when its first rows were painted.
  await session(vsix, 10, 10_000, false, async (page) => {
    const r = await pairs(RUNS, async (w) => (await openHistory(page, w)).run, 1);
    const label: Record<keyof HistoryRun, string> = { live: 'Enter on the menu item → first rows painted', extensionHost: `extension host CPU, Enter → paint + ${AFTER_PAINT_MS / 1000} s`, renderer: `renderer CPU, Enter → paint + ${AFTER_PAINT_MS / 1000} s` };
    for (const k of Object.keys(label) as Array<keyof HistoryRun>) {
      pairFigure('floor', `history: ${label[k]}`, 'ms', r.ours.map((x) => x[k]), { name: 'floor', runs: r.floor.map((x) => x[k]) }, k === 'live' ? GOALS.historyOpen : undefined, k === 'live' ? 'both read the sandbox (a first page of 100) and render a virtual list' : undefined);
    }
    // The last panel of each kind side by side: pages of 500 in turn.
    const ours = await openHistory(page, 'ours');
    await runCommand(page, 'View: New Editor Group to the Right');
    await runCommand(page, 'Open Floor History');
    const floor = await webviewFrame(page, 'Floor history');
    await floor.waitForSelector('#list .row', { timeout: 60_000 });
    const p = await pairs(RUNS, (w) => (w === 'ours' ? pageOnce(ours.frame, 'ours') : pageOnce(floor, 'floor')));
    pairFigure('floor', 'history: a 500-row page, request → rows in the webview', 'ms', p.ours, { name: 'floor', runs: p.floor }, undefined, 'read through Playwright (polled each frame)');
  });
}

async function main(): Promise<void> {
  const vsix = floorVsix();
  if (HOST_PROFILE) fs.mkdirSync(HOST_PROFILE, { recursive: true });
  production = productionCopy();
  // BENCH_ONLY=tree or history: one half.
  const only = process.env.BENCH_ONLY;
  if (only !== 'history' && REGISTRATIONS !== 'only') for (const n of SIZES) await tree(vsix, n);
  // Profiled runs profile one comparison: the plain floor's, or with BENCH_REGISTRATIONS=only this one.
  if (only !== 'history' && REGISTRATIONS !== '0' && (!PROFILING || REGISTRATIONS === 'only')) {
    const withRegistrations = floorVsix(true);
    for (const n of SIZES) await treeAgainstRegistrations(withRegistrations, n);
  }
  if (only !== 'tree' && REGISTRATIONS !== 'only') await history(vsix);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
