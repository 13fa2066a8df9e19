/**
 * Routing: a table of {method, pattern, handler} rows (../routes.ts) matched against a request. A pattern is a
 * path with `:name` segments (`/v1/webhooks/:id/`); a path no pattern matches is 404, a path whose patterns lack
 * the method is 405 with `Allow` listing theirs, in the table's order.
 */
import type { EnvType } from '../../core/model';
import type { SandboxContext } from '../context';
import { notAllowed, notFound } from './errors';

/** One authenticated request as a handler sees it. */
export interface Call {
  /** The request URL, on the base links are built on (io.ts requestBase). */
  url: URL;
  /** The environment the request's secret belongs to. */
  env: EnvType;
  /** The parsed JSON body (POST, PATCH, PUT), or undefined. */
  body: unknown;
  /** The pattern's `:name` segments, percent-decoded. */
  params: Readonly<Record<string, string>>;
}

export interface Reply {
  status: number;
  /** Undefined: no body (204). */
  body: unknown;
  /** The body already as JSON (text or UTF-8 bytes), sent as it is in place of `body`. */
  json?: string | Buffer;
}

export type Handler = (ctx: SandboxContext, call: Call) => Reply;

export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
}

export type Dispatch = (ctx: SandboxContext, method: string, call: Omit<Call, 'params'>) => Reply;

interface Compiled {
  route: Route;
  re: RegExp;
  names: string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.pattern.replace(/:([A-Za-z_]+)|[.*+?^${}()|[\]\\]/g, (m, name: string | undefined) => {
    if (name === undefined) return `\\${m}`;
    names.push(name);
    return '([^/]+)';
  });
  return { route, re: new RegExp(`^${source}$`), names };
}

/** The pattern's segments in `path`, or undefined when it does not match; 404 when a segment does not decode. */
function match(c: Compiled, path: string): Record<string, string> | undefined {
  const m = c.re.exec(path);
  if (!m) return undefined;
  try {
    return Object.fromEntries(c.names.map((name, i) => [name, decodeURIComponent(m[i + 1] as string)]));
  } catch {
    throw notFound();
  }
}

export function createRouter(routes: readonly Route[]): Dispatch {
  const compiled = routes.map(compile);
  return (ctx, method, call) => {
    const allow: string[] = [];
    for (const c of compiled) {
      const params = match(c, call.url.pathname);
      if (!params) continue;
      if (c.route.method === method) return c.route.handler(ctx, { ...call, params });
      allow.push(c.route.method);
    }
    if (allow.length === 0) throw notFound();
    throw notAllowed(method, allow);
  };
}
