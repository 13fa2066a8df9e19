/**
 * The MCP server (dist/mcp.js) offered to VS Code itself — an MCP server definition provider, on VS Code 1.101+ —
 * and to other agents — **Copy MCP Configuration for Other Agents**. Both start `node <extension>/dist/mcp.js`
 * read-only, on the connection the sidebar uses. VS Code gets the secrets from SecretStorage only when it starts
 * the server (`resolveMcpServerDefinition`); what is offered before, and what is copied, holds none.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import vscode = require('vscode');
import { AGENTS, mcpLaunch, type AgentId, type LaunchConnection, type LaunchInput } from '../../core/agent/launch';
import type { Services } from '../services';
import { mcpApi, type McpServerDefinitionProvider, type McpStdioServerDefinition } from './mcpApi';

/** The id in `contributes.mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'transcrypts.mcp';

export class McpServers implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Whether VS Code took the provider (false before VS Code 1.101, which has no such API). */
  readonly registered: boolean;
  readonly provider: McpServerDefinitionProvider = {
    onDidChangeMcpServerDefinitions: this.changed.event,
    provideMcpServerDefinitions: () => {
      const api = mcpApi();
      if (!api) return [];
      // No secret here: VS Code asks for the definitions eagerly and may keep them.
      const launch = mcpLaunch(this.input(), () => '');
      const env = Object.fromEntries(Object.entries(launch.env).filter(([k]) => !Object.values(launch.secretVars).includes(k)));
      const server = api.stdioServer(vscode.l10n.t('Transcrypts Webhooks'), launch.command, launch.args, env, this.version());
      const cwd = this.workspace();
      if (cwd) server.cwd = vscode.Uri.file(cwd);
      return [server];
    },
    // When VS Code starts the server: the secrets of the connection as it is now, from SecretStorage (kept in memory).
    resolveMcpServerDefinition: (server: McpStdioServerDefinition) => {
      const input = this.input();
      const launch = mcpLaunch(input, (env) => this.s.connection.secret(env) ?? '');
      server.command = launch.command;
      server.args = launch.args;
      // The process inherits the extension host's environment: a TRANSCRYPTS_SECRET_* set there for an environment
      // this connection does not have is removed (null), so the server acts on the sidebar's connection only.
      const inherited = Object.keys(process.env).filter((k) => k.startsWith('TRANSCRYPTS_SECRET_') && !(k in launch.env));
      server.env = { ...Object.fromEntries(inherited.map((k) => [k, null])), ...launch.env };
      const c = input.connection;
      this.s.log.info(`Starting the MCP server for VS Code: ${launch.command} ${launch.args.join(' ')} (${c ? `${c.baseUrl}, ${c.environments.join(', ')}` : 'a sandbox of its own'}).`);
      return server;
    },
  };

  constructor(
    private readonly s: Services,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.registered = this.register();
    if (this.registered) {
      // Another connection (sign in, sign out, another sandbox, a secret set): VS Code asks for the definitions again.
      this.disposables.push(s.connection.onDidChange(() => this.changed.fire()), vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()));
    }
  }

  /** Offers the server to VS Code when it can take it; a failure is logged and never stops the activation. */
  private register(): boolean {
    const api = mcpApi();
    if (!api) {
      this.s.log.info(`VS Code ${vscode.version} has no MCP server definition API (it came in VS Code 1.101): the MCP server is not offered to VS Code itself; Copy MCP Configuration for Other Agents still works.`);
      return false;
    }
    try {
      this.disposables.push(api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, this.provider));
      return true;
    } catch (e) {
      this.s.log.error('Offering the MCP server to VS Code failed', e);
      return false;
    }
  }

  /** The absolute path of the MCP server's bundle. */
  get bundle(): string {
    return path.join(this.extensionUri.fsPath, 'dist', 'mcp.js');
  }

  /** The workspace the server's workspace tools use: the first folder, on disk and trusted. */
  private workspace(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.scheme === 'file' && vscode.workspace.isTrusted ? folder.uri.fsPath : undefined;
  }

  /**
   * The connection the server uses: the sidebar's (embedded sandbox included: the same data), or none (it starts its
   * own sandbox). `portable`: for an agent outside VS Code, where the embedded sandbox (gone with VS Code) is none.
   */
  private connection(portable = false): LaunchConnection | undefined {
    const c = this.s.connection;
    const baseUrl = c.baseUrl;
    const clientId = c.clientId;
    if (!c.mode || !baseUrl || !clientId || c.environments.length === 0) return undefined;
    if (portable && c.localSandbox?.embedded) return undefined;
    return { baseUrl, clientId, environments: [...c.environments] };
  }

  input(portable = false): LaunchInput {
    return { bundle: this.bundle, workspace: this.workspace(), connection: this.connection(portable) };
  }

  /** Changes with the connection (never with a secret's value), so VS Code knows to restart the server. */
  private version(): string {
    const i = this.input();
    return createHash('sha256').update(JSON.stringify([i.connection, i.workspace])).digest('hex').slice(0, 12);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function isAgent(v: unknown): v is AgentId {
  return typeof v === 'string' && Object.hasOwn(AGENTS, v);
}
