/**
 * The floors of the sandbox benches (sandbox-load.ts), each a bare node:http server in its own process, as the
 * sandbox runs in its own; on 127.0.0.1 only, it prints `{"origin": …}` once listening and runs until killed.
 *   deliver RECEIVER_URL SECRET FORMAT: a POST `{event_type, payload?}` is answered 202 at once (as the sandbox
 *     answers a trigger), and the payload the sandbox would generate is signed and POSTed to RECEIVER_URL.
 *   get FILE: answers each path of FILE (`[{path, body}]`) with its bytes, as JSON; anything else is 404.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DELIVERY_USER_AGENT, SIGNATURE_HEADER } from '../../src/core/model';
import { generatePayload } from '../../src/core/samples/payloads';
import { cryptoRng, newId } from '../../src/core/samples/random';
import { isSignatureFormat, signBody } from '../../src/core/signature';

function deliverServer(target: string, secret: string, format: string): http.Server {
  if (!isSignatureFormat(format)) throw new Error(`not a signature format: ${format}`);
  const agent = new http.Agent({ keepAlive: true });
  const deliver = (body: string) => {
    const req = http.request(target, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'User-Agent': DELIVERY_USER_AGENT, [SIGNATURE_HEADER]: signBody(body, secret, format), 'Content-Length': String(Buffer.byteLength(body)) },
    });
    req.on('response', (res) => res.resume());
    req.on('error', () => undefined);
    req.end(body);
  };
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const b = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { env_type: string; event_type: string; payload?: Record<string, unknown> };
      const base = generatePayload(b.event_type, cryptoRng, new Date(), newId(), b.payload ?? {});
      const id = newId();
      const text = JSON.stringify({ env_type: b.env_type, event_type: b.event_type, deliveries: [{ webhook_id: id, webhook_url: target }], payload: base });
      res.writeHead(202, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }).end(text);
      deliver(JSON.stringify({ ...base, webhook_id: id }));
    });
  });
}

function getServer(file: string): http.Server {
  const pages = new Map((JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ path: string; body: string }>).map((p) => [p.path, Buffer.from(p.body, 'utf8')]));
  return http.createServer((req, res) => {
    req.resume();
    const body = pages.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }).end(body);
  });
}

const [mode, ...rest] = process.argv.slice(2);
const server = mode === 'deliver' ? deliverServer(rest[0] ?? '', rest[1] ?? '', rest[2] ?? '') : getServer(rest[0] ?? '');
server.keepAliveTimeout = 2000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`));
process.on('SIGTERM', () => process.exit(0));
