/**
 * `node dist/mcp.js [--allow-write] [--allow-production-writes] [--allow-unredacted] [--sandbox] [--workspace DIR]`: the agent tools
 * (src/core/agent) as an MCP server over stdio, for any agent. Credentials from TRANSCRYPTS_API_BASE_URL,
 * TRANSCRYPTS_CLIENT_ID and TRANSCRYPTS_SECRET_<ENV> (e.g. TRANSCRYPTS_SECRET_DEV); `--sandbox` starts a local
 * sandbox with sample data instead. Read-only unless --allow-write; production writes only with
 * --allow-production-writes. Nothing but the protocol goes to stdout; notes go to stderr.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { z } from 'zod';
import { baseUrlProblem, TranscryptsClient } from '../core/api/client';
import type { AgentContext } from '../core/agent/context';
import { invoke, type WritePolicy } from '../core/agent/invoke';
import { TOOLS } from '../core/agent/tools';
import { DEFAULT_RECEIVER_URL } from '../core/replay/replay';
import { DEFAULT_FOLDER, DEFAULT_PATTERN } from '../core/fixtures/naming';
import { DEFAULT_REDACT_KEYS } from '../core/fixtures/redact';
import { isLoopbackHost } from '../core/model';
import type * as SandboxBundle from '../sandbox';
import { isSignatureFormat, signingFormat } from '../core/signature';
import { errorMessage } from '../shared/errorMessage';

const DEFAULT_API = 'https://prod.transcrypts.com/v1/';
const SECRET_VAR = /^TRANSCRYPTS_SECRET_([A-Z0-9_]+)$/;

/**
 * The sandbox, only for --sandbox: the bundle beside dist/mcp.js (the one the CLI and the extension load), or the
 * sources when run from them (tests).
 */
async function loadSandbox(): Promise<typeof SandboxBundle> {
  const bundled = path.join(__dirname, 'embedded-sandbox.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file, at run time
  if (fs.existsSync(bundled)) return require(bundled) as typeof SandboxBundle;
  // Not a literal: the bundler must not put a second copy of the sandbox into dist/mcp.js.
  const sources = '../sandbox';
  return (await import(sources)) as typeof SandboxBundle;
}

export interface ServerOptions {
  policy: WritePolicy;
  allowUnredacted: boolean;
  sandbox: boolean;
  /** The project the workspace tools read and write in (--workspace, else the current folder). */
  workspace: string;
}

export function parseOptions(argv: readonly string[]): ServerOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'allow-write': { type: 'boolean', default: false },
      'allow-production-writes': { type: 'boolean', default: false },
      'allow-unredacted': { type: 'boolean', default: false },
      sandbox: { type: 'boolean', default: false },
      workspace: { type: 'string' },
    },
    strict: true,
  });
  return {
    policy: { allowWrite: values['allow-write'] === true, allowProduction: values['allow-production-writes'] === true },
    allowUnredacted: values['allow-unredacted'] === true,
    sandbox: values.sandbox === true,
    workspace: path.resolve(values.workspace ?? process.cwd()),
  };
}

/** The connection from the environment variables, or a sandbox started here. */
async function connect(o: ServerOptions, env: NodeJS.ProcessEnv): Promise<{ baseUrl: string; clientId: string; secrets: Record<string, string>; profile?: string; stop?: () => Promise<void> }> {
  const secrets = Object.fromEntries(Object.entries(env).flatMap(([k, v]) => {
    const m = SECRET_VAR.exec(k);
    return m && v ? [[(m[1] as string).toLowerCase(), v]] : [];
  }));
  if (o.sandbox || (Object.keys(secrets).length === 0 && !env.TRANSCRYPTS_CLIENT_ID)) {
    const sandbox = await (await loadSandbox()).startSandbox({ seed: true, seedDeliveries: 300 });
    process.stderr.write(`transcrypts-mcp: started a local sandbox with sample data at ${sandbox.baseUrl}\n`);
    return { baseUrl: sandbox.baseUrl, clientId: sandbox.credentials.clientId, secrets: { ...sandbox.credentials.secrets } as Record<string, string>, profile: sandbox.profile.name, stop: () => sandbox.close() };
  }
  const baseUrl = env.TRANSCRYPTS_API_BASE_URL || DEFAULT_API;
  const problem = baseUrlProblem(baseUrl);
  if (problem) throw new Error(`TRANSCRYPTS_API_BASE_URL: ${problem}`);
  if (!env.TRANSCRYPTS_CLIENT_ID) throw new Error('Set TRANSCRYPTS_CLIENT_ID (and TRANSCRYPTS_SECRET_<ENV> for each environment), or start with --sandbox.');
  return { baseUrl, clientId: env.TRANSCRYPTS_CLIENT_ID, secrets };
}

export async function serve(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<McpServer> {
  const o = parseOptions(argv);
  const c = await connect(o, env);
  const clients = new Map(Object.entries(c.secrets).map(([e, secret]) => [e, new TranscryptsClient({ baseUrl: c.baseUrl, clientId: c.clientId, secret, env: e, userAgent: 'transcrypts-mcp' })]));
  // A loopback API may be a sandbox started elsewhere (npm start): ask it.
  let profile = c.profile;
  if (profile === undefined && isLoopbackHost(new URL(c.baseUrl).hostname)) profile = (await [...clients.values()][0]?.sandboxInfo().catch(() => undefined))?.profile;
  const forced = env.TRANSCRYPTS_SIGNATURE_FORMAT;
  const ctx: AgentContext = {
    environments: () => [...clients.keys()],
    client: (e) => clients.get(e),
    signingSecret: (e) => Promise.resolve(env.TRANSCRYPTS_RECEIVER_SECRET || c.secrets[e]),
    signatureFormat: () => signingFormat(forced && isSignatureFormat(forced) ? forced : 'auto', profile),
    receiverUrl: () => env.TRANSCRYPTS_RECEIVER_URL || DEFAULT_RECEIVER_URL,
    isLocalSandbox: () => profile !== undefined,
    redactRules: () => DEFAULT_REDACT_KEYS,
    allowUnredacted: o.allowUnredacted,
    knownSecrets: () => [...Object.values(c.secrets), ...(env.TRANSCRYPTS_RECEIVER_SECRET ? [env.TRANSCRYPTS_RECEIVER_SECRET] : [])],
    workspace: () => ({ root: o.workspace, configFile: 'transcrypts.webhooks.json', fixturesFolder: DEFAULT_FOLDER, fixtureFileName: DEFAULT_PATTERN }),
  };
  const server = new McpServer({ name: 'transcrypts-webhooks', version: '0.1.0' });
  // The SDK's generic signature is too deep for the checker with our shapes: the same function, typed plainly.
  const register = server.registerTool.bind(server) as unknown as (
    name: string,
    config: { title: string; description: string; inputSchema: z.ZodRawShape; annotations: Record<string, boolean> },
    cb: (args: unknown, extra: { signal: AbortSignal }) => Promise<{ content: Array<{ type: 'text'; text: string }>; isError?: boolean }>,
  ) => void;
  for (const tool of TOOLS) {
    // Read-only unless the user said otherwise: a write tool is not even offered.
    if (tool.write && !o.policy.allowWrite) continue;
    const shape = (tool.input as unknown as z.ZodObject<z.ZodRawShape>).shape;
    register(tool.name, { title: tool.title, description: tool.description, inputSchema: shape, annotations: { readOnlyHint: !tool.write, destructiveHint: tool.write, openWorldHint: true } }, async (args: unknown, extra: { signal: AbortSignal }) => {
      const r = await invoke(tool.name, args, ctx, o.policy, extra.signal);
      return r.ok ? { content: [{ type: 'text' as const, text: r.json }] } : { content: [{ type: 'text' as const, text: r.error }], isError: true };
    });
  }
  await server.connect(new StdioServerTransport());
  const stop = async () => {
    await server.close().catch(() => undefined);
    await c.stop?.();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.on('SIGTERM', () => void stop());
  return server;
}

if (require.main === module) {
  serve(process.argv.slice(2), process.env).catch((e: unknown) => {
    process.stderr.write(`transcrypts-mcp: ${errorMessage(e)}\n`);
    process.exit(2);
  });
}
