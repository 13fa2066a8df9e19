/**
 * VS Code's MCP server definition API (final in VS Code 1.101), typed here: the extension's minimum is VS Code 1.100
 * (`engines.vscode`, `@types/vscode` 1.100), which lacks it. `mcpApi()` finds it at run time, or says it is absent.
 * The shapes are those of `@types/vscode` 1.101+ (`McpStdioServerDefinition`, `McpServerDefinitionProvider`,
 * `lm.registerMcpServerDefinitionProvider`), reduced to what this extension uses. VS Code 1.100 has a function of
 * that name too, from before the API was final: it wants another contribution point (`modelContextServerCollections`)
 * and threw at activation when tried (extension-host suite on 1.100.3): the version decides, not the function's presence.
 */
import vscode = require('vscode');

export interface McpStdioServerDefinition {
  readonly label: string;
  cwd?: vscode.Uri;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
}

export interface McpServerDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition[]>;
  resolveMcpServerDefinition?(server: McpStdioServerDefinition, token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition>;
}

export interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
  stdioServer(label: string, command: string, args: string[], env: Record<string, string | number | null>, version?: string): McpStdioServerDefinition;
}

type StdioConstructor = new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => McpStdioServerDefinition;

/** Whether `version` (`1.103.2`, `1.101.0-insider`) is at least major.minor. */
export function atLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

/** The API when this VS Code has it in its final form (1.101+), else undefined. */
export function mcpApi(): McpApi | undefined {
  if (!atLeast(vscode.version, 1, 101)) return undefined;
  const lm = vscode.lm as unknown as { registerMcpServerDefinitionProvider?: unknown };
  const Stdio = (vscode as unknown as { McpStdioServerDefinition?: unknown }).McpStdioServerDefinition;
  const register = lm.registerMcpServerDefinitionProvider;
  if (typeof register !== 'function' || typeof Stdio !== 'function') return undefined;
  return {
    registerMcpServerDefinitionProvider: (id, provider) => (register as McpApi['registerMcpServerDefinitionProvider']).call(vscode.lm, id, provider),
    stdioServer: (label, command, args, env, version) => new (Stdio as StdioConstructor)(label, command, args, env, version),
  };
}
