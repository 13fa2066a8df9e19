/**
 * The tree's start as the workbench sees it: the websocket frames between the workbench and the extension host
 * (Chrome's protocol: Network.webSocketFrameSent/Received, timestamped by the browser), from the frame that asks
 * for the activation, for ours and the floor in turns. A diagnostic, not a figure with a goal: it says where the
 * time between the click and the rows goes, which `npm run bench` (click → paint) cannot.
 *
 *   npx tsx test/bench/trace-start.ts        TRACE_RUNS pairs (default 5), 10 configurations, production build
 *   TRACE_FRAMES=1                           also every frame of each start (direction, size, what it names)
 *
 * Per start: when the extension's registrations reach the workbench (the frame that registers the tree's data
 * provider), how long the workbench then takes to ask for the tree's roots, when the answer comes and the groups'
 * children are asked for, and when the first configuration's row arrives; and when the saved secrets' read arrives.
 * The frames are read by the names they carry (RPC method names, a configuration's name): a name VS Code changes
 * shows as NaN, not as a wrong time.
 */
import * as path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { startSandbox } from '../../src/sandbox';
import { scratchDir } from '../harness/codeServer';
import { openConnectedWorkbench } from '../harness/connected';
import { floorVsix, freshWindow, seedConfigurations } from './floorSetup';
import { productionCopy } from './production';
import { inTurns, median } from './report';

const RUNS = Number(process.env.TRACE_RUNS ?? 5);
/** What a frame is read for: RPC methods, and the first configuration's name (its row). */
const NAMES = ['$activateByEvent', '$getPassword', '$registerTreeViewDataProvider', '$getChildren', '$registerCommand', '$registerTool', '$registerTestController', '_setContext', 'Receiver 0000'];
const ICON = { ours: 'Transcrypts', floor: 'Menus floor' } as const;
type Which = keyof typeof ICON;

interface Frame {
  /** ms since the activation request. */
  t: number;
  out: boolean;
  bytes: number;
  names: Map<string, number>;
  secret: boolean;
}

interface Milestones {
  secretsAsked: number;
  registrations: number;
  rootsAsked: number;
  rootsAnswered: number;
  childrenAsked: number;
  rows: number;
}

function milestones(frames: readonly Frame[]): Milestones {
  const at = (f: Frame | undefined) => f?.t ?? NaN;
  const asks = frames.filter((f) => f.out && f.names.has('$getChildren'));
  const rootsAsked = at(asks[0]);
  const childrenAsked = at(asks[1]);
  return {
    secretsAsked: at(frames.find((f) => !f.out && f.names.has('$getPassword'))),
    registrations: at(frames.find((f) => !f.out && f.names.has('$registerTreeViewDataProvider'))),
    rootsAsked,
    // The last frame from the extension host before the children are asked for: the roots' answer.
    rootsAnswered: at(frames.filter((f) => !f.out && f.t > rootsAsked && f.t <= childrenAsked).pop()),
    childrenAsked,
    rows: at(frames.find((f) => !f.out && f.names.has('Receiver 0000'))),
  };
}

async function traced(page: Page, which: Which, secrets: readonly string[]): Promise<Frame[]> {
  const icon = page.locator(`.part.activitybar a.action-label[aria-label^="${ICON[which]}"]`);
  await freshWindow(page);
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const raw: Array<{ ts: number; out: boolean; payload: string; binary: boolean }> = [];
  const on = (out: boolean) => (e: { timestamp: number; response: { payloadData: string; opcode: number } }) => raw.push({ ts: e.timestamp * 1000, out, payload: e.response.payloadData, binary: e.response.opcode === 2 });
  cdp.on('Network.webSocketFrameSent', on(true));
  cdp.on('Network.webSocketFrameReceived', on(false));
  await icon.click();
  await page.getByRole('treeitem', { name: /^Receiver 0000, / }).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(300);
  await cdp.detach();
  const frames = raw.map((r) => {
    const text = r.binary ? Buffer.from(r.payload, 'base64').toString('latin1') : r.payload;
    const names = new Map(NAMES.map((n) => [n, text.split(n).length - 1] as const).filter(([, k]) => k > 0));
    return { t: r.ts, out: r.out, bytes: text.length, names, secret: secrets.some((s) => text.includes(s)) };
  });
  const t0 = frames.find((f) => f.out && f.names.has('$activateByEvent'))?.t ?? NaN;
  return frames.filter((f) => f.t >= t0).map((f) => ({ ...f, t: f.t - t0 }));
}

function summary(which: Which, frames: readonly Frame[]): string {
  const m = milestones(frames);
  const lines = [`${which.padEnd(5)} secrets asked ${m.secretsAsked.toFixed(1)} · registrations ${m.registrations.toFixed(1)} → roots asked +${(m.rootsAsked - m.registrations).toFixed(1)} · roots answered ${m.rootsAnswered.toFixed(1)} → children asked +${(m.childrenAsked - m.rootsAnswered).toFixed(1)} · first row ${m.rows.toFixed(1)} ms`];
  if (process.env.TRACE_FRAMES) {
    for (const f of frames) {
      if (f.t > m.rows + 50) break;
      const names = [...f.names].map(([n, k]) => `${n}×${k}`).join(' ');
      lines.push(`  ${f.t.toFixed(1).padStart(7)} ${f.out ? 'workbench → host' : 'host → workbench'} ${String(f.bytes).padStart(6)} B ${names}${f.secret ? ' (a secret: not printed)' : ''}`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const vsix = floorVsix();
  const production = productionCopy();
  const dir = scratchDir();
  const sandbox = await startSandbox({ profile: 'truv', dataDir: path.join(dir, 'sandbox') });
  seedConfigurations(sandbox, 10);
  const secrets = Object.values(sandbox.credentials.secrets);
  const wb = await openConnectedWorkbench(sandbox, dir, {}, { env: { FLOOR_API: sandbox.baseUrl }, install: [vsix], extensionPath: production });
  try {
    // The first start of each connects (ours takes the sandbox's keys) and writes ours' code cache: untimed.
    const run = (which: Which) => async (): Promise<Milestones> => {
      const frames = await traced(wb.page, which, secrets);
      process.stdout.write(`${summary(which, frames)}\n`);
      return milestones(frames);
    };
    const r = await inTurns(RUNS, run('ours'), run('floor'), 1);
    for (const which of ['ours', 'floor'] as const) {
      const ms = r[which];
      const med = (k: keyof Milestones) => median(ms.map((m) => m[k])).toFixed(1);
      const step = (a: keyof Milestones, b: keyof Milestones) => median(ms.map((m) => m[b] - m[a])).toFixed(1);
      process.stdout.write(
        `${`trace, ${which}, medians of ${ms.length} starts (ms from the activation request):`.padEnd(70)} secrets asked ${med('secretsAsked')}, registrations ${med('registrations')}, roots asked +${step('registrations', 'rootsAsked')}, roots answered ${med('rootsAnswered')}, children asked +${step('rootsAnswered', 'childrenAsked')}, first row ${med('rows')}\n`,
      );
    }
  } finally {
    await wb.close();
    await sandbox.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
