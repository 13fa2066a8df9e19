/**
 * Tree bench: from activation (click on the Transcrypts icon) to the first environment's children painted, in
 * a real VS Code (code-server + chromium), against a sandbox holding 10 and 1,000 configurations. The
 * extension connects through TRANSCRYPTS_SANDBOX_CREDENTIALS, as under `npm start`. Prints numbers. First, unless
 * BENCH_SCALE=0: 50,000 configurations in one list page (the extension-host scale test), the first group's time and
 * the extension host's longest block.
 */
import { execSync } from 'node:child_process';
import * as path from 'node:path';
import { EVENT_TYPES } from '../../src/core/events';
import { KNOWN_ENVS as ENV_TYPES } from '../../src/core/model';
import { startSandbox } from '../../src/sandbox';
import { newId } from '../../src/core/samples/random';
import { scratchDir } from '../harness/codeServer';
import { openConnectedWorkbench } from '../harness/connected';
import { runCommand } from '../ui/workbench';
import { waitForMark, watchTreeItem } from './paint';
import { productionCopy } from './production';
import { printProfile, type Profile } from './report';

/**
 * The extension host's own activation figure for ours, as Developer: Show Running Extensions shows it (code
 * loading + the activate call), and its hover's breakdown.
 */
async function activationFigure(page: import('playwright-core').Page): Promise<string> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const time = page.locator('.runtime-extensions-editor .monaco-list-row[aria-label="transcrypts-webhooks"] .activation-time');
  await time.waitFor({ timeout: 30_000 });
  const text = (await time.textContent())?.trim() ?? '';
  // Its hover splits it (code loading, the activate call…).
  await time.hover();
  const hover = page.locator('.workbench-hover, .monaco-hover-content').filter({ hasText: /ms/ }).first();
  const detail = await hover
    .textContent({ timeout: 5000 })
    .then((t) => (t ?? '').replace(/\s+/g, ' ').trim())
    .catch(() => '');
  return detail ? `${text} (${detail})` : text;
}

async function measure(count: number, extensionPath?: string): Promise<{ activationToRows: number; rows: number; activation: string }> {
  const dir = scratchDir();
  const sandbox = await startSandbox({ profile: 'truv', dataDir: path.join(dir, 'sandbox') });
  const now = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    sandbox.store.putWebhook({
      id: newId(),
      name: `Receiver ${String(i).padStart(4, '0')}`,
      webhook_url: `https://hooks${i}.example.com/transcrypts`,
      events: [...EVENT_TYPES],
      env_type: ENV_TYPES[i % 3] ?? 'sandbox',
      enabled: i % 7 !== 0,
      created_at: now,
      updated_at: now,
    });
  }
  const { server, page, close } = await openConnectedWorkbench(sandbox, dir, {}, { extensionPath });
  try {
    const icon = page.locator('.part.activitybar a.action-label[aria-label^="Transcrypts"]');
    await icon.waitFor({ state: 'visible', timeout: 90_000 });
    // Let code-server's extension host finish its own start-up first: the number is the extension's.
    await page.waitForTimeout(5000);
    // BENCH_PROFILE: a CPU profile of the workbench's main thread from the click to the paint; the top functions.
    const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const perEnv = Math.ceil(count / 3);
    // Timed in the page (see paint.ts): the click, and the paint after the first configuration's row appears.
    await watchTreeItem(page, /^Receiver 0000, /);
    await icon.click();
    const marks = await waitForMark(page, 'tree');
    await page.getByRole('treeitem', { name: new RegExp(`^Sandbox environment, ${perEnv} configuration`) }).waitFor({ timeout: 60_000 });
    const elapsed = (marks.tree ?? 0) - marks.clicked;
    if (cdp) printProfile((await cdp.send('Profiler.stop')).profile as Profile, elapsed);
    const rows = await page.getByRole('treeitem').count();
    if (process.env.BENCH_VERBOSE) {
      await page.waitForTimeout(1500);
      const logs = execSync(`grep -rh --include=*.log "Ready " ${server.scratch} 2>/dev/null || true`).toString();
      process.stdout.write(logs);
    }
    const activation = await activationFigure(page);
    // Our own split of it, from the extension's log.
    const own = execSync(`grep -rh --include=*.log "activated in" ${server.scratch} 2>/dev/null || true`).toString();
    const split = /activated in ([\d.]+) ms \(its bundle loaded in ([\d.?]+) ms before that, code cache (\w+|\?)/.exec(own);
    return { activationToRows: elapsed, rows, activation: split ? `${activation} (bundle ${split[2]} ms, code cache ${split[3]}, + activate() ${split[1]} ms)` : activation };
  } finally {
    await close();
    await sandbox.close();
  }
}

/**
 * 50,000 configurations in one list page: the extension-host suite's scale test (a sandbox in a process of its own,
 * the view open), run `runs` times; its figures are the first group's time and the host's longest block.
 */
function scale(runs: number): void {
  const first: number[] = [];
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execSync('npx tsx test/harness/run-exthost.ts', { env: { ...process.env, TRANSCRYPTS_TEST_GREP: 'Scale: 50,000' }, encoding: 'utf8', timeout: 600_000 });
    const m = /first group after (\d+) ms; the extension host's longest block (\d+) ms of CPU, (\d+) ms of wall-clock/.exec(out);
    if (!m) throw new Error(`the scale test printed no figures:\n${out}`);
    first.push(Number(m[1]));
    cpu.push(Number(m[2]));
    wall.push(Number(m[3]));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  process.stdout.write(`${'tree: 50,000 configurations in one list page, connect → first group built'.padEnd(96)} median ${med(first)} ms (runs ${first.join(', ')} ms; goal ≤ 2,000 ms)\n`);
  process.stdout.write(`${'  the extension host\'s longest block, main-thread CPU (wall-clock delay)'.padEnd(96)} median ${med(cpu)} ms (${med(wall)} ms; runs ${cpu.join(', ')} ms; goal ≤ 50 ms)\n`);
}

async function main(): Promise<void> {
  if (process.env.BENCH_SCALE !== '0') scale(Number(process.env.BENCH_SCALE_RUNS ?? 3));
  const production = productionCopy();
  for (const n of (process.env.BENCH_SIZES ?? '10,1000').split(',').map(Number)) {
    for (const [build, where] of [['development build', undefined], ['production build', production]] as const) {
      const samples: number[] = [];
      let rows = 0;
      const activations: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await measure(n, where);
        samples.push(r.activationToRows);
        rows = r.rows;
        activations.push(r.activation);
      }
      samples.sort((a, b) => a - b);
      process.stdout.write(`${`tree: activation → first environment's children painted, ${n} configurations (${build})`.padEnd(96)} median ${samples[1]} ms (runs ${samples.join(', ')} ms; ${rows} DOM rows)\n`);
      process.stdout.write(`${'  activation, the extension host\'s own figure (Running Extensions)'.padEnd(96)} ${activations.join(' · ')}\n`);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
