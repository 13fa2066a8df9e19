/** `npm start`'s demo workspace: created once, never overwritten; its receiver verifies real signatures. */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { signBody } from '../../src/core/signature';
import { prepareDemoWorkspace } from '../../scripts/demo';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('npm start: the demo receiver workspace', () => {
  let dataDir: string;
  let receiver: ChildProcess | undefined;
  const secrets = { dev: 'dev-secret-0123456789', prod: 'prod-secret-0123456789' };

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-'));
    fs.writeFileSync(path.join(dataDir, 'credentials.json'), JSON.stringify({ client_id: 'x', secrets }));
  });

  afterEach(() => {
    if (receiver?.pid) {
      try {
        process.kill(-receiver.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    receiver = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the project beside the sandbox data and keeps the user\'s edits', () => {
    const dir = prepareDemoWorkspace(dataDir);
    assert.equal(dir, path.join(dataDir, 'demo-receiver'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['README.md', 'package.json', 'receiver.mjs']);
    fs.writeFileSync(path.join(dir, 'receiver.mjs'), '// mine\n');
    prepareDemoWorkspace(dataDir);
    assert.equal(fs.readFileSync(path.join(dir, 'receiver.mjs'), 'utf8'), '// mine\n');
  });

  it('runs a receiver on 127.0.0.1 that accepts a delivery signed as the Transcrypts documents say (bare hex) and refuses every other form', async () => {
    const dir = prepareDemoWorkspace(dataDir);
    const port = await freePort();
    receiver = spawn(process.execPath, ['receiver.mjs'], { cwd: dir, env: { ...process.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve) => readline.createInterface({ input: receiver?.stdout as NodeJS.ReadableStream }).once('line', resolve));
    assert.equal(first, `Receiver listening on http://127.0.0.1:${port}/webhooks/transcrypts`);
    const body = JSON.stringify({ event_type: 'order-created', webhook_id: 'w1' });
    const post = (sign: string, b = body) => fetch(`http://127.0.0.1:${port}/webhooks/transcrypts`, { method: 'POST', body: b, headers: { 'X-WEBHOOK-SIGN': sign } });
    const lines = readline.createInterface({ input: receiver.stdout as NodeJS.ReadableStream });
    const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
    let logged = next();
    assert.equal((await post(signBody(body, secrets.prod, 'hex'))).status, 200);
    assert.match(await logged, / order-created w1 verified$/);
    // A forward from Listen says so: the same delivery may also come straight from the sandbox (m14).
    logged = next();
    const forwarded = await fetch(`http://127.0.0.1:${port}/webhooks/transcrypts`, { method: 'POST', body, headers: { 'X-WEBHOOK-SIGN': signBody(body, secrets.dev, 'hex'), 'X-Transcrypts-Forwarded': 'w1' } });
    assert.equal(forwarded.status, 200);
    assert.match(await logged, / order-created w1 verified \(forwarded by Listen\)$/);
    assert.equal((await post(signBody(body, secrets.dev, 'hex'))).status, 200);
    assert.equal((await post(signBody(body, secrets.dev, 'v1'))).status, 401, 'the v1= form is not what the documents describe');
    assert.equal((await post(signBody(body, 'another-secret', 'hex'))).status, 401);
    assert.equal((await post(signBody(body, secrets.dev, 'hex'), `${body} `)).status, 401, 'a changed body');
    assert.equal((await post('v1=zz')).status, 401);
    assert.equal((await post(signBody('not json', secrets.dev, 'hex'), 'not json')).status, 400);
  });
});
