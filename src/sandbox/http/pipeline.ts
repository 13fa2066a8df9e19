/**
 * One request, start to end: faults on /v1/ paths first, then the keys, the JSON body, the route; an HttpError
 * becomes its answer, anything else a 500 and a process warning.
 */
import type * as http from 'node:http';
import type { SandboxContext } from '../context';
import { injectFault } from '../handlers/faults';
import { authenticate } from './auth';
import { publicInfo } from '../handlers/info';
import { HttpError } from './errors';
import { readJson, requestBase, send } from './io';
import type { Dispatch } from './router';

const WITH_BODY = new Set(['POST', 'PATCH', 'PUT']);

export function requestListener(ctx: SandboxContext, dispatch: Dispatch): http.RequestListener {
  return (req, res) => {
    void handle(ctx, dispatch, req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { code: 'server_error', message: 'Internal sandbox error.' } });
      else res.destroy();
      process.emitWarning(`sandbox: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    });
  };
}

const PUBLIC_INFO = '/_sandbox/info/';

async function handle(ctx: SandboxContext, dispatch: Dispatch, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', requestBase(req, ctx.origin));
  if (url.pathname.startsWith('/v1/') && (await injectFault(ctx.faults, method, url.pathname, req, res))) return;
  try {
    // Which sandbox answers is public (Connect asks before it has keys, to offer the profile's environments); the
    // answer then names no folder.
    if (method === 'GET' && url.pathname === PUBLIC_INFO && !req.headers['x-access-secret']) return send(res, 200, publicInfo(ctx));
    const env = authenticate(ctx, req);
    const body = WITH_BODY.has(method) ? await readJson(req) : undefined;
    const reply = dispatch(ctx, method, { url, env, body });
    send(res, reply.status, reply.body, {}, reply.json);
  } catch (e) {
    if (e instanceof HttpError) return send(res, e.status, e.body, e.headers);
    throw e;
  }
}
