/** Test helpers: a sandbox on loopback, a client for it, and small real HTTP servers for fault cases. */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import ts from 'typescript';
import { TranscryptsClient, type ClientOptions } from '../../src/core/api/client';
import type { EnvType } from '../../src/core/model';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox';
import { seededRng } from '../../src/core/samples/random';

export async function withSandbox<T>(opts: SandboxOptions, fn: (s: Sandbox) => Promise<T>): Promise<T> {
  // The existing suites were written against the truv profile (sandbox env, 32-hex ids, enabled, v1=); the
  // profile matrix and the conformance suite cover the transcrypts profile.
  const s = await startSandbox({ profile: 'truv', delivery: { retryIntervalMs: 5 }, ...opts });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

export function clientFor(s: Sandbox, env: EnvType = 'sandbox', extra: Partial<ClientOptions> = {}): TranscryptsClient {
  return new TranscryptsClient({
    baseUrl: s.baseUrl,
    clientId: s.credentials.clientId,
    secret: s.credentials.secrets[env] ?? '',
    retryBaseMs: 5,
    ...extra,
  });
}

/** Raw HTTP against the sandbox, for exact status and body checks. */
export async function raw(
  s: Sandbox,
  method: string,
  p: string,
  body?: string | object,
  headers: Record<string, string> | null = {},
  env: EnvType = 'sandbox',
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const auth = headers === null ? {} : { 'X-Access-Client-Id': s.credentials.clientId, 'X-Access-Secret': s.credentials.secrets[env], ...headers };
  const res = await fetch(new URL(p, s.origin), {
    method,
    headers: { ...auth, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export interface TestServer {
  url: string;
  port: number;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 whose answers the test scripts; on `port` (one the test had closed) or a free one. */
export async function testServer(handler: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void, port = 0): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export function tempDir(prefix = 'tw-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Poll until `fn` returns a value, at most `ms`. */
export async function until<T>(fn: () => T | undefined | false, ms = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Type-checks files with the real compiler, `--strict`; returns the diagnostics as text. */
export function tscStrict(files: string[]): string[] {
  const program = ts.createProgram(files, { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, types: [] });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/**
 * A fast path against its zod reference on `count` random items, each tried in the pages `pages` wraps it in: the
 * same result when zod accepts, undefined when zod refuses. Returns how many pages fitted (the caller checks that
 * both kinds came up).
 */
export function agreesWithZod<T>(
  count: number,
  seed: number,
  item: (rng: () => number) => T,
  pages: (item: T) => unknown[],
  fast: (json: unknown) => unknown,
  reference: { safeParse(json: unknown): { success: true; data: unknown } | { success: false } },
): number {
  const seeded = seededRng(seed);
  const rng = (): number => seeded.next();
  let fitting = 0;
  for (let i = 0; i < count; i++) {
    for (const json of pages(item(rng))) {
      const z = reference.safeParse(json);
      const quick = fast(json);
      if (z.success) {
        fitting++;
        assert.deepStrictEqual(quick, z.data, JSON.stringify(json));
      } else assert.equal(quick, undefined, `the fast path accepted what zod refuses: ${JSON.stringify(json)}`);
    }
  }
  return fitting;
}

export interface SpawnedServer {
  /** The first line that matched `ready`, and its first capture group (the URL it serves). */
  url: string;
  output: string[];
  stop(): void;
}

/**
 * A real server in a child process (its own process group, stopped with a group kill), ready when a line of its
 * output matches `ready`; fails after `timeoutMs` with what it printed.
 */
export async function spawnServer(cmd: string, args: string[], o: { env?: NodeJS.ProcessEnv; cwd?: string; ready: RegExp; timeoutMs?: number }): Promise<SpawnedServer> {
  const { spawn } = await import('node:child_process');
  const child = spawn(cmd, args, { cwd: o.cwd, env: { ...process.env, ...o.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')} was not ready within ${o.timeoutMs ?? 10_000} ms:\n${output.join('\n')}`)), o.timeoutMs ?? 10_000);
      const onData = (b: Buffer) => {
        for (const line of b.toString('utf8').split('\n')) {
          if (line) output.push(line);
          const m = o.ready.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] ?? line);
          }
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${cmd} exited (${code}) before it was ready:\n${output.join('\n')}`));
      });
    });
    return { url, output, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
