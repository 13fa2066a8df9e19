/**
 * Reading requests and writing answers: the JSON body (declared JSON, at most 1 MB, nested at most
 * MAX_JSON_DEPTH deep), request headers, the base URL links are built on, and a JSON answer.
 */
import type * as http from 'node:http';
import { MAX_DOCUMENT_DEPTH, tooDeepAt } from '../../shared/jsonDepth';
import { apiError, badParams } from './errors';

const MAX_BODY = 1024 * 1024;

/**
 * How deep arrays and objects may nest in a request body (the top-level object is depth 1). The platform's bodies
 * are shallow (a delivery is 3 levels deep at most, a configuration 2); a deeper body is refused before it is
 * parsed, so no recursive walk of a body (JSON.stringify of an answer, a delivery or a journal line; String() of a
 * value a message names) meets one deep enough to exhaust the stack.
 */
export const MAX_JSON_DEPTH = MAX_DOCUMENT_DEPTH;

/** A plain host[:port] or [IPv6][:port]: a Host header links may be built on. */
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Where links (`next`, `previous`) point: the Host the client used, so paging works behind a proxy or a port
 * forward; a Host that is not a plain host[:port] falls back to the listening address.
 */
export function requestBase(req: http.IncomingMessage, origin: string): string {
  const hostHeader = req.headers.host;
  return hostHeader && PLAIN_HOST.test(hostHeader) ? `http://${hostHeader}` : origin;
}

export function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** A JSON answer; `json`, when given, is the body already serialized (text or UTF-8 bytes), sent in place of `body`. */
export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, json?: string | Buffer): void {
  if (body === undefined && json === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = json ?? JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const tooLarge = () => apiError(413, 'request_too_large', `The request body is larger than ${MAX_BODY / 1024} KB.`);

/**
 * The request's JSON body, or undefined for none; 415 for a body not declared JSON, 413 over 1 MB, 400 for bad
 * JSON or JSON nested deeper than MAX_JSON_DEPTH.
 */
export function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // A body must be declared JSON ([Truv]: 415 otherwise); a request without a body needs no type.
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && type !== 'application/json' && !type.endsWith('+json')) {
      req.resume();
      return reject(apiError(415, 'unsupported_media_type', `Unsupported media type "${type || 'none'}" in request.`));
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) {
      req.resume();
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY) return reject(tooLarge());
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      if (tooDeepAt(text, MAX_JSON_DEPTH) !== -1) {
        return reject(badParams([{ field: 'body', message: `JSON nested too deeply: arrays and objects may nest at most ${MAX_JSON_DEPTH} levels deep.` }]));
      }
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(badParams([{ field: 'body', message: `JSON parse error - ${e instanceof Error ? e.message : 'invalid JSON'}` }]));
      }
    });
  });
}
