#!/usr/bin/env node
/**
 * `npm run bench [-- --json FILE] [-- --only tree,history]`: builds once, then runs each bench in its own process,
 * one after the other (they time things; running them together would time each other). Each bench prints its
 * figures; those made with pairFigure/soloFigure (test/bench/report.ts) are also collected, and with --json written
 * to FILE with the commit, the machine and the load average before and after.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Each bench: its file in test/bench and the Node options it needs. */
const BENCHES = [
  ['run', []],
  ['sandbox-load', ['--expose-gc']],
  ['listen', []],
  ['config', []],
  ['fixtures', []],
  ['receiver', []],
  ['agent', []],
  ['tree', []],
  ['history', []],
  ['floor', []],
];

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = opt('--json');
const only = opt('--only')?.split(',');
const unknown = only?.filter((n) => !BENCHES.some(([b]) => b === n)) ?? [];
if (unknown.length) {
  process.stderr.write(`[bench] no bench named ${unknown.join(', ')}; the benches: ${BENCHES.map(([b]) => b).join(', ')}\n`);
  process.exit(2);
}
const recordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench.')), 'figures.jsonl');
fs.writeFileSync(recordFile, '');
const loadBefore = os.loadavg();
const build = spawnSync('node', ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const failed = [];
for (const [name, nodeOptions] of BENCHES) {
  if (only && !only.includes(name)) continue;
  process.stdout.write(`\n== ${name} ==\n`);
  const env = { ...process.env, BENCH_RECORD: recordFile, ...(nodeOptions.length ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, ...nodeOptions].filter(Boolean).join(' ') } : {}) };
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'test/bench', `${name}.ts`)], { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) failed.push(name);
}
const figures = fs.readFileSync(recordFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
fs.rmSync(path.dirname(recordFile), { recursive: true, force: true });
const withGoal = figures.filter((f) => f.goal);
const missed = withGoal.filter((f) => !f.goal.met);
process.stdout.write(`\n${withGoal.length - missed.length} of ${withGoal.length} goals met${missed.length ? `; missed: ${missed.map((f) => f.figure).join('; ')}` : ''}\n`);
if (json) {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const out = { date: new Date().toISOString(), commit, cpus: os.cpus().length, loadBefore, loadAfter: os.loadavg(), figures };
  fs.writeFileSync(path.resolve(json), `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`JSON: ${path.resolve(json)} (${figures.length} figures)\n`);
}
if (failed.length) {
  process.stderr.write(`[bench] failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
