/**
 * A small API server for the conformance suites: not our sandbox. It serves the documents' examples verbatim
 * (examples.ts) on 127.0.0.1, in the list shape the test asks for, and answers writes by echoing the stored
 * object. Every request is recorded. Used by the unit, extension-host and UI suites.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOSTILE_CONFIGURATION, HOSTILE_ROW, SEED_CONFIGURATION, SEED_ROW, STAGING_CONFIGURATION, documentedRows } from './examples';

export interface ConformanceOptions {
  /** `array`: the list is a bare array; `results`: `{"results": [...]}` without paging fields. */
  listShape?: 'array' | 'results';
  /** Include the configuration of an undocumented env_type in the list. */
  staging?: boolean;
  /** Include a configuration with hostile values (markup in dates, a 1 MB name, bidi controls). */
  hostile?: boolean;
  /** Include a history row with hostile values (status 999, a 1 MB error, a bidi override). */
  hostileRow?: boolean;
  /** Answer every request with this raw status, content type and body instead (a proxy, an HTML page). */
  override?: { status: number; type?: string; body: string };
}

export interface ConformanceServer {
  baseUrl: string;
  requests: Array<{ method: string; url: string; body: string }>;
  configurations: Array<Record<string, unknown>>;
  setOverride(o: ConformanceOptions['override']): void;
  close(): Promise<void>;
}

export const CLIENT_ID = 'acme-client-7'; // no documented format: any non-empty value
export const SECRET = 'k8Hq2vN0pLs7Xw4Rz1Tc'; // no prefix: the platform documents none

export async function startConformanceServer(o: ConformanceOptions = {}): Promise<ConformanceServer> {
  const configurations: Array<Record<string, unknown>> = [structuredClone(SEED_CONFIGURATION)];
  if (o.staging) configurations.push(structuredClone(STAGING_CONFIGURATION));
  if (o.hostile) configurations.push(structuredClone(HOSTILE_CONFIGURATION));
  const rows: Array<Record<string, unknown>> = [structuredClone(SEED_ROW), ...documentedRows(), ...(o.hostileRow ? [structuredClone(HOSTILE_ROW)] : [])];
  const requests: ConformanceServer['requests'] = [];
  let override = o.override;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const send = (status: number, value?: unknown) => {
        if (value === undefined) return res.writeHead(status).end();
        const text = JSON.stringify(value);
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
      };
      if (override) return res.writeHead(override.status, override.type ? { 'Content-Type': override.type } : {}).end(override.body);
      if (req.headers['x-access-client-id'] !== CLIENT_ID || req.headers['x-access-secret'] !== SECRET) {
        return send(401, { error: { code: 'authentication_failed', message: 'Incorrect authentication credentials.' } });
      }
      if (url.pathname === '/v1/webhooks/' && req.method === 'GET') {
        return send(200, o.listShape === 'array' ? configurations : { results: configurations });
      }
      const m = /^\/v1\/webhooks\/([^/]+)\/$/.exec(url.pathname);
      if (m) {
        const id = decodeURIComponent(m[1] ?? '');
        const i = configurations.findIndex((c) => c.id === id);
        if (i < 0) return send(404, { detail: 'Not Found.' });
        if (req.method === 'GET') return send(200, configurations[i]);
        if (req.method === 'PATCH') {
          configurations[i] = { ...configurations[i], ...(JSON.parse(body) as Record<string, unknown>), updated_at: '2024-07-13T00:00:00Z' };
          return send(200, configurations[i]);
        }
        if (req.method === 'DELETE') {
          configurations.splice(i, 1);
          return send(200, { deleted: true }); // any 2xx
        }
      }
      if (url.pathname === '/v1/webhook-requests/' && req.method === 'GET') {
        const event = url.searchParams.get('event_type');
        const results = event ? rows.filter((r) => r.event_type === event || (r.webhook_payload as Record<string, unknown>).event_type === event || (r.webhook_payload as Record<string, unknown>).event === event) : rows;
        return send(200, { next: null, previous: null, results });
      }
      send(404, { detail: 'Not Found.' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1/`,
    requests,
    configurations,
    setOverride: (v) => (override = v),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
