/** Which environment a request's keys belong to: the secret decides ([T]); 401 without or with wrong keys, 403 when denied. */
import type * as http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { CLIENT_ID_HEADER, SECRET_HEADER, type EnvType } from '../../core/model';
import type { SandboxContext } from '../context';
import { apiError } from './errors';
import { header } from './io';

export function authenticate(ctx: Pick<SandboxContext, 'profile' | 'credentials' | 'deny'>, req: http.IncomingMessage): EnvType {
  const id = header(req, CLIENT_ID_HEADER);
  const secret = header(req, SECRET_HEADER);
  if (!id || !secret) throw apiError(401, 'authentication_failed', 'Authentication credentials were not provided.');
  const env = ctx.profile.environments.find((e) => safeEqual(secret, ctx.credentials.secrets[e] ?? ''));
  if (!safeEqual(id, ctx.credentials.clientId) || !env) throw apiError(401, 'authentication_failed', 'Incorrect authentication credentials.');
  if (ctx.deny.has(env)) throw apiError(403, 'not_authenticated', `These ${env} keys have no permission for this action.`);
  return env;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
