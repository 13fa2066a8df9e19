/**
 * The agent tools (src/core/agent) as VS Code language-model tools: chat can call them (`#transcryptsDeliveries`),
 * and `vscode.lm.invokeTool` can. Read tools run as they are; every write asks first through the tool's own
 * confirmation, naming the environment — and for a configuration in Production, its name and URL.
 */
import vscode = require('vscode');
import type { AgentContext } from '../../core/agent/context';
import { invoke, type Outcome } from '../../core/agent/invoke';
import { ALL_TOOLS, type Tool } from '../../core/agent/tools';
import { envLabel } from '../../core/model';
import { fixtureSettings } from '../fixtures/settings';
import type { CommandRegistry } from '../platform/commandRegistry';
import type { Services } from '../services';
import type { Listening } from '../listen/listening';
import { defaultForwardTo, listenControl } from './listen';
import { registerMcpCommands } from './commands';
import { McpServers } from './mcp';
import { receiverUrl, type TargetDeps } from '../receiverTests/target';
import { setting } from '../platform/settings/read';

/** What the tools use, from the connection as it is when a tool runs. */
function contextOf(s: Services, deps: TargetDeps, listening: Listening): AgentContext {
  const c = s.connection;
  return {
    listen: listenControl(s, listening, deps.workspaceState),
    environments: () => c.environments,
    client: (env) => c.client(env),
    signingSecret: async (env) => (await s.replaySecret.signing(env))?.secret,
    signatureFormat: () => c.signatureFormat(),
    receiverUrl: () => receiverUrl(deps),
    isLocalSandbox: () => c.localSandbox !== undefined,
    redactRules: () => {
      const f = fixtureSettings();
      return f.redact ? f.redactRules : [];
    },
    allowUnredacted: true,
    knownSecrets: () => c.environments.map((e) => c.secret(e)).filter((x): x is string => x !== undefined),
    workspace: () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder || folder.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return undefined;
      const f = fixtureSettings();
      return { root: folder.uri.fsPath, configFile: setting('config.file'), fixturesFolder: f.folder, fixtureFileName: f.fileName };
    },
  };
}

/** The confirmation of a write: what it does, where, and for Production the configuration it touches. */
export async function confirmation(s: Services, tool: Tool, input: Record<string, unknown>, workspaceState?: vscode.Memento): Promise<vscode.LanguageModelToolConfirmationMessages | undefined> {
  if (!tool.write) return undefined;
  const env = typeof input.environment === 'string' ? input.environment : undefined;
  const where = env ? envLabel(env) : vscode.l10n.t('the connected account');
  const lines = [vscode.l10n.t('{0} in **{1}**.', tool.title, where)];
  if (env === 'prod' && typeof input.id === 'string') {
    const w = s.catalog.webhooks('prod').find((x) => x.id === input.id);
    lines.push(w ? vscode.l10n.t('Production configuration "{0}" ({1}).', w.name, w.webhook_url) : vscode.l10n.t('Production configuration {0}.', input.id));
  }
  // Listen without a URL: say where it will forward.
  if (tool.name === 'transcrypts_listen_start' && input.forward_to === undefined && workspaceState) lines.push(vscode.l10n.t('New deliveries will be forwarded to {0}.', defaultForwardTo(workspaceState)));
  const shown = Object.entries(input).filter(([k]) => k !== 'environment').map(([k, v]) => `- \`${k}\`: \`${JSON.stringify(v).slice(0, 200).replace(/`/g, "'")}\``);
  const message = new vscode.MarkdownString([...lines, '', ...shown].join('\n'));
  message.isTrusted = false;
  return { title: env === 'prod' ? vscode.l10n.t('Change Production?') : vscode.l10n.t('Allow {0}?', tool.title), message };
}

/** What a registered tool runs once VS Code has the user's yes (a write's confirmation). */
export type ConfirmedRun = (name: string, input: unknown, signal?: AbortSignal) => Promise<Outcome>;

/** The language-model tools, the MCP server offered to VS Code (1.101+), and the copy command for other agents. */
export function wireAgentTools(s: Services, deps: TargetDeps, listening: Listening, commands: CommandRegistry, extensionUri: vscode.Uri): { mcp: McpServers; run: ConfirmedRun; disposable: vscode.Disposable } {
  const ctx = contextOf(s, deps, listening);
  // Writes were confirmed by the user in prepareInvocation (VS Code asks before invoke runs).
  const run: ConfirmedRun = (name, input, signal) => invoke(name, input, ctx, { allowWrite: true, allowProduction: true }, signal);
  const mcp = new McpServers(s, extensionUri);
  registerMcpCommands(mcp, commands);
  const disposable = vscode.Disposable.from(
    mcp,
    ...ALL_TOOLS.map((tool) =>
      vscode.lm.registerTool<Record<string, unknown>>(tool.name, {
        async prepareInvocation(options) {
          return { invocationMessage: vscode.l10n.t('{0}…', tool.title), confirmationMessages: await confirmation(s, tool, options.input, deps.workspaceState) };
        },
        async invoke(options, token) {
          const abort = new AbortController();
          const cancelled = token.onCancellationRequested(() => abort.abort());
          try {
            const r = await run(tool.name, options.input, abort.signal);
            if (!r.ok) throw new Error(r.error);
            return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(r.json)]);
          } finally {
            cancelled.dispose();
          }
        },
      }),
    ),
  );
  return { mcp, run, disposable };
}
