/**
 * Receiver tests' speed: 1,000 fixtures sent to a local receiver by the runner (read the folder, build the cases,
 * sign, POST, judge each answer) against a bare loop (read each file, sign its bytes, POST with node:http, keep-alive,
 * one at a time), interleaved in the same run. The receiver is a separate process answering 200. Goal: ≥ 0.8×.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { allCases } from '../../src/core/receiverTests/cli';
import { streamFixtures } from '../../src/core/receiverTests/fixtures';
import { runCases } from '../../src/core/receiverTests/runner';
import { inTurns, median, report } from './report';

const N = Number(process.env.RECEIVER_BENCH_FIXTURES ?? 1000);
const PAIRS = Number(process.env.RECEIVER_BENCH_PAIRS ?? 5);
const SECRET = 'bench-secret';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-'));
  for (let i = 0; i < N; i++) {
    const type = ['order-created', 'task-status-updated', 'link-connected'][i % 3] as string;
    fs.mkdirSync(path.join(dir, type), { recursive: true });
    fs.writeFileSync(path.join(dir, type, `${String(i).padStart(5, '0')}.json`), `${JSON.stringify({ webhook_id: `w${i}`, event_type: type, status: 'done', user_id: 'u'.repeat(32), note: 'x'.repeat(400) }, null, 2)}\n`);
  }
  const receiver = spawn(process.execPath, ['-e', "require('http').createServer((q,s)=>{q.resume();q.on('end',()=>s.writeHead(200).end('ok'))}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})"], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const port = await new Promise<number>((resolve) => receiver.stdout.once('data', (b: Buffer) => resolve(Number(b.toString().trim()))));
  const url = `http://127.0.0.1:${port}/webhooks`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const bare = async (): Promise<number> => {
    const t = performance.now();
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
    for (const f of files) {
      const body = JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      const sign = createHmac('sha256', SECRET).update(body).digest('hex');
      await new Promise<void>((resolve, reject) => {
        const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'X-WEBHOOK-SIGN': sign, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode)))));
        });
        req.on('error', reject);
        req.end(body);
      });
    }
    return performance.now() - t;
  };
  const ours = async (): Promise<number> => {
    const t = performance.now();
    // As `npm run receiver-tests -- --fixtures DIR` runs them: the folder listed, then read while sending.
    const report = await runCases(allCases([], (await streamFixtures(dir)).files), { url, secret: SECRET, format: 'hex' });
    if (report.passed !== N) throw new Error(`${report.passed} of ${N} passed`);
    return performance.now() - t;
  };
  try {
    const { ours: a, floor: b } = await inTurns(PAIRS, ours, bare, 1);
    const perSecond = (ms: number) => (N / ms) * 1000;
    const ratios = a.map((x, i) => perSecond(x) / perSecond(b[i] ?? x));
    report(`receiver tests: ${N} fixtures, runner (deliveries/s)`, `${perSecond(median(a)).toFixed(0)} (min–max ${perSecond(Math.max(...a)).toFixed(0)}–${perSecond(Math.min(...a)).toFixed(0)})`);
    report(`receiver tests: ${N} fixtures, bare signed POST loop (deliveries/s)`, `${perSecond(median(b)).toFixed(0)} (min–max ${perSecond(Math.max(...b)).toFixed(0)}–${perSecond(Math.min(...b)).toFixed(0)})`);
    report('receiver tests: ratio of medians / median pair ratio (goal ≥ 0.8×)', `${(perSecond(median(a)) / perSecond(median(b))).toFixed(2)}× / ${median(ratios).toFixed(2)}× over ${PAIRS} pairs, load ${os.loadavg()[0]?.toFixed(2)}`);
  } finally {
    agent.destroy();
    if (receiver.pid) process.kill(-receiver.pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
