/**
 * How an agent starts the MCP server (`node dist/mcp.js`, see src/mcp/main.ts): the command, its arguments and its
 * environment, for one connection. One function for VS Code's MCP server definition (secrets filled in from
 * SecretStorage when VS Code starts the server) and for the configuration copied for other agents (secrets as
 * variables the user fills in). No `vscode` here.
 */

/** The connection the server should use; undefined: none, the server starts its own sandbox with sample data. */
export interface LaunchConnection {
  baseUrl: string;
  clientId: string;
  /** The environments with a secret, as the connection names them (`dev`, `prod`, …). */
  environments: readonly string[];
}

export interface LaunchInput {
  /** The absolute path of dist/mcp.js. */
  bundle: string;
  /** The project the workspace tools read and write in (--workspace). */
  workspace?: string;
  connection?: LaunchConnection;
  /** Extra flags (`--allow-write`, …); none by default: the server is read-only. */
  flags?: readonly string[];
}

export interface Launch {
  command: 'node';
  args: string[];
  /** No secret unless `secret` returned one. */
  env: Record<string, string>;
  /** The secret variables, by environment (what a user has to fill in). */
  secretVars: Record<string, string>;
  /** Environments whose name cannot be a variable name (the server reads TRANSCRYPTS_SECRET_[A-Z0-9_]+, lower-cased). */
  skipped: string[];
}

/**
 * The variable that carries `env`'s secret, or undefined when the server could not read it back under that name
 * (it lower-cases what follows TRANSCRYPTS_SECRET_).
 */
export function secretVar(env: string): string | undefined {
  return /^[a-z0-9_]+$/.test(env) ? `TRANSCRYPTS_SECRET_${env.toUpperCase()}` : undefined;
}

/** `secret(env, variable)`: the value for that variable: the secret itself, or a placeholder for a user to fill. */
export function mcpLaunch(input: LaunchInput, secret: (env: string, variable: string) => string): Launch {
  const args = [input.bundle, ...(input.flags ?? [])];
  if (input.workspace) args.push('--workspace', input.workspace);
  const c = input.connection;
  if (!c) return { command: 'node', args: [...args, '--sandbox'], env: {}, secretVars: {}, skipped: [] };
  const env: Record<string, string> = { TRANSCRYPTS_API_BASE_URL: c.baseUrl, TRANSCRYPTS_CLIENT_ID: c.clientId };
  const secretVars: Record<string, string> = {};
  const skipped: string[] = [];
  for (const e of c.environments) {
    const v = secretVar(e);
    if (!v) {
      skipped.push(e);
      continue;
    }
    secretVars[e] = v;
    env[v] = secret(e, v);
  }
  return { command: 'node', args, env, secretVars, skipped };
}

/** The agents whose configuration file the copy command writes for, and how each names an environment variable. */
export const AGENTS = {
  claude: { label: 'Claude Code', file: '.mcp.json', variable: (name: string) => `\${${name}}` },
  cursor: { label: 'Cursor', file: '.cursor/mcp.json', variable: (name: string) => `\${env:${name}}` },
} as const;
export type AgentId = keyof typeof AGENTS;

/**
 * The `mcpServers` entry for another agent, as JSON: the secrets are the agent's own references to environment
 * variables (`${TRANSCRYPTS_SECRET_DEV}` for Claude Code, `${env:TRANSCRYPTS_SECRET_DEV}` for Cursor), never values.
 */
export function agentConfig(agent: AgentId, input: LaunchInput): { json: string; launch: Launch } {
  const launch = mcpLaunch(input, (_env, variable) => AGENTS[agent].variable(variable));
  const server = { command: launch.command, args: launch.args, ...(Object.keys(launch.env).length > 0 ? { env: launch.env } : {}) };
  return { json: `${JSON.stringify({ mcpServers: { transcrypts: server } }, null, 2)}\n`, launch };
}
