/**
 * Runs one tool for an adapter: the input checked against its schema, the write policy applied, the result as
 * bounded JSON with every known secret removed, and failures as one clear sentence. No `vscode`.
 */
import { ApiError } from '../api/errors';
import { scrubSecrets } from '../log/redact';
import { ToolError, type AgentContext } from './context';
import { toolNamed, type Tool } from './tools';
import { errorMessage } from '../../shared/errorMessage';

/** The most characters one result may hand a model (a cursor or "more" says where the rest is). */
export const RESULT_LIMIT = 60_000;

export interface WritePolicy {
  /** Writes may run at all (the MCP server's --allow-write; VS Code asks the user instead). */
  allowWrite: boolean;
  /** Writes in production may run (--allow-production-writes). */
  allowProduction: boolean;
}

export type Outcome = { ok: true; json: string } | { ok: false; error: string };

/** Whether a call of `tool` with `input` may run under `policy`; the refusal says which flag allows it. */
export function refusal(tool: Tool, input: unknown, policy: WritePolicy): string | undefined {
  if (!tool.write) return undefined;
  if (!policy.allowWrite) return `${tool.name} changes something and writes are off: start the server with --allow-write to allow it.`;
  const parsed = tool.input.safeParse(input);
  const env = parsed.success ? tool.environmentOf?.(parsed.data as never) : undefined;
  if (env === 'prod' && !policy.allowProduction) return `${tool.name} would act in Production, and production writes are off: start the server with --allow-production-writes to allow it.`;
  return undefined;
}

export async function invoke(name: string, input: unknown, ctx: AgentContext, policy: WritePolicy, signal?: AbortSignal): Promise<Outcome> {
  const tool = toolNamed(name);
  if (!tool) return { ok: false, error: `There is no tool named ${name}.` };
  const parsed = tool.input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: `Bad arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}.` };
  const refused = refusal(tool, parsed.data, policy);
  if (refused) return { ok: false, error: refused };
  try {
    const result = await tool.run(ctx, parsed.data as never, signal);
    let json = JSON.stringify(result, null, 1);
    if (json.length > RESULT_LIMIT) json = JSON.stringify({ error: `The result is ${json.length} characters, over ${RESULT_LIMIT}: narrow the query (a span, a configuration, a smaller limit).` });
    return { ok: true, json: scrubSecrets(json, ctx.knownSecrets()) };
  } catch (e) {
    const message = e instanceof ToolError || e instanceof ApiError ? e.message : `${name} failed: ${errorMessage(e)}`;
    return { ok: false, error: scrubSecrets(message, ctx.knownSecrets()) };
  }
}
