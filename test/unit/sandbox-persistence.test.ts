import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { startSandbox, SandboxDataError } from '../../src/sandbox';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/sandbox/lock';
import { JOURNAL, Store, type StoredRequest } from '../../src/sandbox/store';
import { raw, tempDir, until } from './helpers';

const CLI = path.resolve(__dirname, '../../src/sandbox/cli.ts');
const body = { name: 'Kept', webhook_url: 'https://example.com/kept', env_type: 'sandbox' };

interface Started {
  child: ChildProcess;
  line: string;
}

/** Start the CLI in its own process group; resolve with its first stdout line. */
function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${stderr}`)), 15_000);
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, line });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited ${String(code)}: ${stderr}`));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      resolve();
    }
  });
}

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('sandbox: delivery rows committed in groups', () => {
  const row = (store: Store, i: number): StoredRequest => {
    const at = new Date().toISOString();
    return { seq: store.nextSeq(), created_at: at, env_type: 'dev', webhook_id: `g${i}`, event_type: 'order-created', event_created_at: at, status_code: 200, error_message: null, webhook_payload: { webhook_id: `g${i}` }, webhook_url: 'http://127.0.0.1:1/h' };
  };

  it('holds rows until their fsync returns, and commits the rows queued meanwhile with one more fsync', async () => {
    const dir = tempDir('tw-group-');
    // The fsyncs of this store, held until the test lets each return.
    const held: Array<() => void> = [];
    // The module object itself (the namespace import's members are read-only): the store reads fsync from it.
    const fsync = nodeFs.fsync;
    (nodeFs as { fsync: unknown }).fsync = (fd: number, done: (e: NodeJS.ErrnoException | null) => void) => held.push(() => fsync(fd, done));
    const store = Store.open(dir);
    try {
      const first = Array.from({ length: 20 }, (_, i) => store.appendRequest(row(store, i)));
      await until(() => held.length === 1, 5000, 'the first group written and its fsync started');
      // Written, not yet durable: in no answer.
      assert.equal(fs.readFileSync(path.join(dir, JOURNAL), 'utf8').trim().split('\n').length, 20);
      assert.equal(store.requests.length, 0, 'not shown before its fsync returned');
      // Rows that arrive while it runs wait for the next group.
      const second = Array.from({ length: 5 }, (_, i) => store.appendRequest(row(store, 20 + i)));
      await new Promise((r) => setImmediate(r));
      assert.equal(held.length, 1, 'no second fsync while the first runs');
      held.shift()?.();
      await Promise.all(first);
      assert.equal(store.requests.length, 20);
      await until(() => held.length === 1, 5000, 'the rows queued meanwhile written, one fsync for them all');
      assert.equal(store.requests.length, 20, 'the second group is not shown before its fsync returned');
      held.shift()?.();
      await Promise.all(second);
      assert.deepEqual(store.requests.map((r) => r.webhook_id), Array.from({ length: 25 }, (_, i) => `g${i}`));
    } finally {
      (nodeFs as { fsync: unknown }).fsync = fsync;
      for (const release of held) release();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows a row only once it is in the journal, commits rows that arrive together at once, and commits queued rows on close', async () => {
    const dir = tempDir('tw-group-');
    try {
      const store = Store.open(dir);
      const pending = Array.from({ length: 20 }, (_, i) => store.appendRequest(row(store, i)));
      assert.equal(store.requests.length, 0, 'not shown before its fsync');
      await Promise.all(pending);
      assert.deepEqual(store.requests.map((r) => r.webhook_id), Array.from({ length: 20 }, (_, i) => `g${i}`));
      const last = store.appendRequest(row(store, 20));
      store.close();
      await last;
      const lines = fs.readFileSync(path.join(dir, JOURNAL), 'utf8').trim().split('\n');
      assert.equal(lines.length, 21);
      const again = Store.open(dir);
      assert.equal(again.requests.length, 21);
      again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sandbox: persistence and CLI', function () {
  this.timeout(60_000);

  it('refuses a second sandbox on one data folder, naming the first; a lock left by a process that is gone is taken over (m8)', async () => {
    const dir = tempDir();
    const first = await startCli(['--data', dir, '--port', '0', '--json']);
    try {
      const second = await runCli(['--data', dir, '--port', '0']);
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`Another sandbox \\(process ${first.child.pid}\\) is using the data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. Stop it first`));
    } finally {
      await killGroup(first.child);
    }
    // Killed (no chance to clean up): its lock names a process that is gone, and the next start takes it over.
    assert.ok(fs.existsSync(path.join(dir, LOCK_FILE)));
    const next = await startCli(['--data', dir, '--port', '0', '--json']);
    try {
      assert.equal(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim(), String(next.child.pid));
    } finally {
      await killGroup(next.child);
    }
    // Released by its holder (the CLI does so as it exits).
    const held = lockDataDir(dir);
    assert.equal(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim(), String(process.pid));
    assert.throws(() => lockDataDir(dir, process.pid + 1), DataDirLockedError, 'another process is refused while this one lives');
    held.release();
    assert.ok(!fs.existsSync(path.join(dir, LOCK_FILE)), 'a released folder has no lock');
  });

  it('keeps configurations and history across a restart', async () => {
    const dir = tempDir();
    const a = await startSandbox({ profile: 'truv', dataDir: dir, seed: true });
    const created = await raw(a, 'POST', '/v1/webhooks/', body);
    const count = a.store.requests.length;
    const creds = a.credentials;
    await a.close();
    const b = await startSandbox({ profile: 'truv', dataDir: dir, seed: true });
    try {
      assert.deepEqual(b.credentials, creds, 'generated keys are kept in the data folder');
      assert.equal(b.store.requests.length, count, 'seeding runs once');
      const got = await raw(b, 'GET', `/v1/webhooks/${(created.json as { id: string }).id}/`);
      assert.equal(got.status, 200);
    } finally {
      await b.close();
    }
  });

  it('prints its base URL and keys, and loses no acknowledged write to kill -9', async () => {
    const dir = tempDir();
    const first = await startCli(['--profile', 'truv', '--port', '0', '--data', dir, '--client-id', 'a'.repeat(32), '--secret', 'sandbox=sandbox-s3cr3t-value']);
    const m = /listening on (http:\/\/127\.0\.0\.1:(\d+)\/v1\/) client-id=(\w+) sandbox=(\S+) dev=(\S+) prod=(\S+)/.exec(first.line);
    assert.ok(m, first.line);
    assert.equal(m[3], 'a'.repeat(32));
    assert.equal(m[4], 'sandbox-s3cr3t-value');
    assert.match(m[5] ?? '', /^dev-[0-9a-f]{40}$/);
    const headers = { 'X-Access-Client-Id': 'a'.repeat(32), 'X-Access-Secret': 'sandbox-s3cr3t-value', 'Content-Type': 'application/json' };
    const ids: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${m[1]}webhooks/`, { method: 'POST', headers, body: JSON.stringify({ ...body, webhook_url: `https://example.com/${i}` }) });
        assert.equal(res.status, 201);
        ids.push(((await res.json()) as { id: string }).id);
      }
    } finally {
      await killGroup(first.child, 'SIGKILL');
    }
    const second = await startCli(['--profile', 'truv', '--port', '0', '--data', dir, '--client-id', 'a'.repeat(32), '--secret', 'sandbox=sandbox-s3cr3t-value']);
    try {
      const url = /listening on (\S+)/.exec(second.line)?.[1] ?? '';
      const res = await fetch(`${url}webhooks/`, { headers });
      const list = (await res.json()) as { results: Array<{ id: string }> };
      assert.deepEqual(list.results.map((w) => w.id), ids);
    } finally {
      await killGroup(second.child, 'SIGTERM');
    }
  });

  it('refuses bad flags with a clear message', async () => {
    // Prefixes are never required; environments are the profile's.
    const r = await runCli(['--secret', 'sandbox=abc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--secret expects ENV=SECRET with ENV one of dev, prod \(the transcrypts profile\)/);
    const r2 = await runCli(['--client-id', 'a b']);
    assert.match(r2.stderr, /--client-id: A client id has no spaces/);
    const r4 = await runCli(['--profile', 'stripe']);
    assert.match(r4.stderr, /--profile expects one of transcrypts, truv, not "stripe"/);
    const r3 = await runCli(['--fault', 'explode']);
    assert.match(r3.stderr, /--fault explode: expected/);
  });

  it('names a corrupt data file and never resets it', async () => {
    const dir = tempDir();
    const a = await startSandbox({ profile: 'truv', dataDir: dir });
    await raw(a, 'POST', '/v1/webhooks/', body);
    await a.close();
    const file = path.join(dir, JOURNAL);
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `${good}{oops}\n${good}`);
    await assert.rejects(startSandbox({ profile: 'truv', dataDir: dir }), (e: unknown) => e instanceof SandboxDataError && e.message.includes(`${file} is corrupt at line 2`));
    assert.equal(fs.readFileSync(file, 'utf8'), `${good}{oops}\n${good}`, 'the file is untouched');
    const cli = await runCli(['--data', dir]);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /is corrupt at line 2/);
  });

  it('drops a torn last line (never acknowledged) and rows older than 30 days', async () => {
    const dir = tempDir();
    const a = await startSandbox({ profile: 'truv', dataDir: dir });
    await raw(a, 'POST', '/v1/webhooks/', body);
    a.store.addRequests([
      { seq: a.store.nextSeq(), created_at: new Date(Date.now() - 40 * 86_400_000).toISOString(), env_type: 'prod', webhook_id: 'old', event_type: 'order-created', event_created_at: 'x', status_code: 200, error_message: null, webhook_payload: {}, webhook_url: 'u' },
      { seq: a.store.nextSeq(), created_at: new Date().toISOString(), env_type: 'prod', webhook_id: 'new', event_type: 'order-created', event_created_at: 'x', status_code: 200, error_message: null, webhook_payload: {}, webhook_url: 'u' },
    ]);
    await a.close();
    fs.appendFileSync(path.join(dir, JOURNAL), '{"op":"put","webhook":{"id"');
    const b = await startSandbox({ profile: 'truv', dataDir: dir });
    try {
      assert.deepEqual(b.store.requests.map((r) => r.webhook_id), ['new']);
      assert.equal(b.store.webhooks.size, 1);
      assert.match(b.warnings[0] ?? '', /cut off by a crash/);
      assert.ok(fs.readFileSync(path.join(dir, JOURNAL), 'utf8').endsWith('\n'), 'compacted');
    } finally {
      await b.close();
    }
  });
});
