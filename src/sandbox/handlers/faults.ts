/**
 * Fault modes: /_sandbox/faults/ reads, adds and clears them; `injectFault` applies them to /v1/ requests before
 * anything else (added latency, 429 with Retry-After, 5xx, a malformed JSON body, a reset connection).
 */
import type * as http from 'node:http';
import type { SandboxContext } from '../context';
import { faultConfigSchema, type Faults } from '../faults';
import { badParams } from '../http/errors';
import { send } from '../http/io';
import type { Call, Reply } from '../http/router';

export function getFaults({ faults }: SandboxContext): Reply {
  return { status: 200, body: faults.toJSON() };
}

export function setFaults({ faults }: SandboxContext, { body }: Call): Reply {
  const parsed = faultConfigSchema.safeParse(body);
  if (!parsed.success) throw badParams(parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })));
  faults.set(parsed.data);
  return { status: 200, body: faults.toJSON() };
}

export function clearFaults({ faults }: SandboxContext): Reply {
  faults.clear();
  return { status: 204, body: undefined };
}

/** Waits the added latency, then answers with the fault that applies to this request, if any: true when it did. */
export async function injectFault(faults: Faults, method: string, path: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  if (faults.latencyMs > 0) await delay(faults.latencyMs);
  const rule = faults.take(method, path);
  if (!rule) return false;
  if (rule.kind === 'reset') req.socket.resetAndDestroy();
  else if (rule.kind === '429') send(res, 429, { error: { code: 'throttled', message: 'Request was throttled.' } }, { 'Retry-After': rule.retry_after ?? '1' });
  else if (rule.kind === '5xx') send(res, rule.status ?? 503, { error: { code: 'server_error', message: 'Service unavailable (sandbox fault).' } });
  else {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"next": null, "previous": null, "results": [{"id": "');
  }
  return true;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
