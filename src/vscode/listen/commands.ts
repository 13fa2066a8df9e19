/**
 * Start Listening… / Stop Listening / the status bar's sessions. Start asks, in order: the environment (or takes the
 * tree's), the local URL (remembered per workspace), the event types, which secret signs, and whether to forward
 * what arrived while stopped. An args object (`forwardTo`, `events`, `secret`, `resume`) answers the questions.
 */
import vscode = require('vscode');
import { EVENT_TYPES } from '../../core/events';
import { countSince, forwardTargetProblem } from '../../core/listen';
import { envLabel, type EnvType } from '../../core/model';
import type { CommandContext } from '../platform/commandRegistry';
import type { CommandRegistry } from '../platform/commandRegistry';
import { COMMANDS } from '../platform/constants';
import { offer } from '../platform/errors';
import { resolveEnvironment } from '../connection/environments';
import type { Services } from '../services';
import { openSetting, setting } from '../platform/settings/read';
import { listenRefusal, type Listening } from './listening';
import { confirmProduction, DEFAULT_FORWARD_TO, LAST_URL_KEY as URL_KEY, type ListenRequest, type SigningChoice } from './request';

export function registerListenCommands(s: Services, r: CommandRegistry, listening: Listening, workspaceState: vscode.Memento): void {
  r.register(COMMANDS.listenStart, async (c) => {
    const request = await ask(s, c, listening, workspaceState);
    if (!request) return undefined;
    const running = listening.session(request.env);
    if (running) {
      const replace = { title: vscode.l10n.t('Stop and Start Again') };
      const chosen = c.args ? replace : await vscode.window.showWarningMessage(vscode.l10n.t('{0} deliveries are already forwarded to {1}.', envLabel(request.env), running.request.forwardTo), replace);
      if (chosen !== replace) return undefined;
      await listening.stop(request.env);
    }
    listening.open(request);
    await workspaceState.update(URL_KEY, request.forwardTo);
    return request;
  });

  r.register(COMMANDS.listenStop, async (c) => {
    const envs = listening.all.map((x) => x.request.env);
    if (envs.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing is being forwarded.'));
      return false;
    }
    const env = c.env ?? c.text ?? (envs.length === 1 ? envs[0] : await resolveEnvironment(s.connection, c, vscode.l10n.t('Stop Listening'), envs));
    return env !== undefined && listening.stop(env);
  });

  r.register(COMMANDS.listenActions, async () => {
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const items: Item[] = [];
    for (const x of listening.all) {
      const env = x.request.env;
      items.push({ label: envLabel(env), kind: vscode.QuickPickItemKind.Separator, run: () => undefined });
      items.push({ label: vscode.l10n.t('$(terminal) Show Terminal'), description: x.request.forwardTo, run: () => listening.show(env) });
      items.push({ label: vscode.l10n.t('$(debug-stop) Stop Listening'), description: vscode.l10n.t('{0} forwarded, {1} failed', x.forwarded, x.failed), run: () => listening.stop(env) });
    }
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, run: () => undefined });
    items.push({ label: vscode.l10n.t('$(radio-tower) Start Listening…'), run: () => vscode.commands.executeCommand(COMMANDS.listenStart) });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Transcrypts Listen') });
    return picked?.run();
  });
}

async function ask(s: Services, c: CommandContext, listening: Listening, workspaceState: vscode.Memento): Promise<ListenRequest | undefined> {
  if (!s.connection.mode) {
    await vscode.commands.executeCommand(COMMANDS.connectionActions);
    return undefined;
  }
  const webhookId = c.args?.webhookId;
  const webhook = c.webhook ?? (typeof webhookId === 'string' ? s.catalog.find(webhookId) : undefined);
  const title = vscode.l10n.t('Start Listening');
  // Production is offered only when the setting allows it.
  const offered = s.connection.environments.filter((e) => e !== 'prod' || setting('listen.allowProduction'));
  const env = webhook?.env_type ?? (await resolveEnvironment(s.connection, c, title, offered));
  if (env === undefined) return undefined;
  const refusal = listenRefusal(s.connection, env);
  if (refusal) {
    void offer('warning', refusal, { title: vscode.l10n.t('Open Settings'), run: () => openSetting(env === 'prod' && setting('production.readOnly') ? 'production.readOnly' : 'listen.allowProduction') });
    return undefined;
  }
  const args = c.args ?? {};
  const forwardTo = typeof args.forwardTo === 'string' ? checkedUrl(args.forwardTo) : await askUrl(workspaceState.get<string>(URL_KEY) ?? DEFAULT_FORWARD_TO, env);
  if (forwardTo === undefined) return undefined;
  // Called with an args object (another command, a test), nothing but the URL is asked: all events, the
  // environment's secret, from now on, unless the args say otherwise.
  const given = c.args !== undefined;
  const events = Array.isArray(args.events) ? args.events.filter((e): e is string => typeof e === 'string') : given ? undefined : await askEvents(webhook?.events);
  if (events === null) return undefined;
  const secret: SigningChoice | undefined = args.secret === 'workspace' || args.secret === 'environment' ? args.secret : given ? 'environment' : await askSecret(s, env);
  if (secret === undefined) return undefined;
  const scope = webhook ? { id: webhook.id, name: webhook.name, url: webhook.webhook_url } : undefined;
  const resume = typeof args.resume === 'boolean' ? args.resume : given ? false : await askResume(s, listening, env, scope, events);
  if (resume === undefined) return undefined;
  if (env === 'prod' && !(await confirmProduction(forwardTo, scope?.name))) return undefined;
  return { env, forwardTo, ...(events && events.length > 0 ? { events } : {}), secret, ...(scope ? { webhook: scope } : {}), resume };
}

function checkedUrl(url: string): string | undefined {
  const problem = forwardTargetProblem(url.trim(), true);
  if (problem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot forward to {0}: {1}', url, problem));
    return undefined;
  }
  return url.trim();
}

async function askUrl(last: string, env: EnvType): Promise<string | undefined> {
  const url = await vscode.window.showInputBox({
    title: vscode.l10n.t('Start Listening: your receiver ({0})', envLabel(env)),
    prompt: vscode.l10n.t('Where new {0} deliveries are forwarded: your receiver on this machine (or a host you type).', envLabel(env)),
    value: last,
    ignoreFocusOut: true,
    validateInput: (v) => forwardTargetProblem(v.trim(), true),
  });
  return url?.trim();
}

/** The event types: all by default (undefined), or the ones ticked; null when cancelled. */
async function askEvents(subscribed: readonly string[] | undefined): Promise<string[] | undefined | null> {
  const all = [...new Set([...(subscribed ?? []), ...EVENT_TYPES])];
  const items = all.map((e) => ({ label: e, picked: subscribed ? subscribed.includes(e) : true }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Start Listening: which events'),
    placeHolder: vscode.l10n.t('Untick the event types not to forward (all ticked: every event, including new types)'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return null;
  if (picked.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No event type was chosen: nothing would be forwarded.'));
    return null;
  }
  return picked.length === all.length && !subscribed ? undefined : picked.map((p) => p.label);
}

async function askSecret(s: Services, env: EnvType): Promise<SigningChoice | undefined> {
  if (!(await s.replaySecret.get())) return 'environment';
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('The {0} secret', envLabel(env)), description: vscode.l10n.t('as the platform signs'), choice: 'environment' as const },
      { label: vscode.l10n.t('The workspace test secret'), description: vscode.l10n.t('as your replays are signed'), choice: 'workspace' as const },
    ],
    { title: vscode.l10n.t('Start Listening: what signs the forwarded deliveries'), ignoreFocusOut: true },
  );
  return picked?.choice;
}

/** When the last session of this scope stopped with deliveries after it: forward those too? */
async function askResume(s: Services, listening: Listening, env: EnvType, webhook: ListenRequest['webhook'], events: string[] | undefined): Promise<boolean | undefined> {
  const saved = listening.savedPosition({ env, webhook });
  const client = s.connection.client(env);
  if (!saved || !client) return false;
  const n = await Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Counting the deliveries since the last session…') }, () =>
      countSince(client, saved, { events: events ? new Set(events) : undefined, webhookUrl: webhook?.url }),
    ),
  ).catch(() => 0);
  if (n === 0) return false;
  const picked = await vscode.window.showQuickPick(
    [
      { label: n === 1 ? vscode.l10n.t('Forward the delivery that arrived while stopped') : vscode.l10n.t('Forward the {0} deliveries that arrived while stopped', n), resume: true },
      { label: vscode.l10n.t('Only deliveries from now on'), resume: false },
    ],
    { title: vscode.l10n.t('Start Listening: since {0}', new Date(saved.watermark).toLocaleString()), ignoreFocusOut: true },
  );
  return picked?.resume;
}
