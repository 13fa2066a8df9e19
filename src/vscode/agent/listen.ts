/**
 * Listen for the agent tools (`transcrypts_listen_start` / `_stop`, VS Code only): the same sessions as Start
 * Listening… — a terminal, signed forwards — started without questions, from what the tool was given. The user
 * confirmed the call in chat (the tool's confirmation names the environment and the URL). A URL that comes from a
 * model, like one from a task file, must be on this machine.
 */
import vscode = require('vscode');
import { ToolError, type ListenControl } from '../../core/agent/context';
import { forwardTargetProblem } from '../../core/listen';
import type { Services } from '../services';
import { listenRefusal, type Listening } from '../listen/listening';
import { DEFAULT_FORWARD_TO, LAST_URL_KEY } from '../listen/request';
import { setting } from '../platform/settings/read';

/** How long a start waits for its session to run (the terminal opens, the connection is restored). */
const START_WAIT_MS = 15_000;

function started(listening: Listening, env: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (listening.session(env)) return resolve(true);
    const done = (v: boolean) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    };
    const timer = setTimeout(() => done(listening.session(env) !== undefined), START_WAIT_MS);
    const sub = listening.onDidChange(() => {
      if (listening.session(env)) done(true);
    });
  });
}

/** Where a start without `forward_to` forwards: Listen's last URL in this workspace, the receiver setting, the default. */
export function defaultForwardTo(workspaceState: vscode.Memento): string {
  return (workspaceState.get<string>(LAST_URL_KEY) ?? (setting('receiver.url') || DEFAULT_FORWARD_TO)).trim();
}

export function listenControl(s: Services, listening: Listening, workspaceState: vscode.Memento): ListenControl {
  return {
    async start(r) {
      const env = r.environment;
      const refusal = listenRefusal(s.connection, env);
      if (refusal) throw new ToolError(refusal);
      const running = listening.session(env);
      if (running) throw new ToolError(vscode.l10n.t('{0} deliveries are already forwarded to {1}: stop that first (transcrypts_listen_stop).', env, running.request.forwardTo));
      let webhook: { id: string; name: string; url: string } | undefined;
      if (r.configurationId !== undefined) {
        // Asked of the API: the sidebar may not know one created a moment ago (by another tool, say).
        const id = r.configurationId;
        const w = s.catalog.find(id) ?? (await s.connection.client(env)?.getWebhook(id).catch(() => undefined));
        if (!w || w.env_type !== env) throw new ToolError(vscode.l10n.t('There is no configuration {0} in {1} (transcrypts_list_configurations lists them).', JSON.stringify(id), env));
        webhook = { id: w.id, name: w.name, url: w.webhook_url };
      }
      const forwardTo = r.forwardTo?.trim() ?? defaultForwardTo(workspaceState);
      const problem = forwardTargetProblem(forwardTo, false);
      if (problem) throw new ToolError(`forward_to ${JSON.stringify(forwardTo)}: ${problem}`);
      listening.open({ env, forwardTo, ...(r.events ? { events: r.events } : {}), secret: 'environment', ...(webhook ? { webhook } : {}), resume: false });
      if (!(await started(listening, env))) throw new ToolError(vscode.l10n.t('Listen did not start for {0}: its terminal says why.', env));
      return { listening: true, environment: env, forward_to: forwardTo, events: r.events ?? 'all', configuration: webhook ? { id: webhook.id, name: webhook.name } : null, resume: false };
    },
    async stop(environment) {
      const envs = listening.all.map((x) => x.request.env);
      if (envs.length === 0) return { stopped: [], note: vscode.l10n.t('Nothing was being forwarded.') };
      const env = environment ?? (envs.length === 1 ? envs[0] : undefined);
      if (env === undefined) throw new ToolError(vscode.l10n.t('Several environments are forwarded ({0}): name one.', envs.join(', ')));
      const session = listening.session(env);
      if (!session) throw new ToolError(vscode.l10n.t('{0} deliveries are not being forwarded (forwarded: {1}).', env, envs.join(', ')));
      const { forwarded, failed } = session;
      await listening.stop(env);
      return { stopped: [env], forwarded, failed };
    },
  };
}
