/** Refresh, filter, and Trigger Test Event (local sandbox). */
import vscode = require('vscode');
import { EVENT_TYPES, isKnownEventType, type EventType } from '../../core/events';
import { envLabel } from '../../core/model';
import { COMMANDS, CONTEXT, VIEW_WEBHOOKS } from '../platform/constants';
import { offer, reportError } from '../platform/errors';
import { resolveEnvironment } from '../connection/environments';
import type { Catalog } from '../../core/webhooks/catalog';
import type { Connection } from '../connection/connection';
import type { Log } from '../platform/log';
import type { Node, WebhooksTreeProvider } from './webhooksTree';
import type { CommandContext, CommandRegistry } from '../platform/commandRegistry';
import { setContextKey } from '../platform/contextKeys';

/** What the view's commands use (the services of extension.ts have them). */
export interface ViewDeps {
  catalog: Catalog;
  connection: Connection;
  log: Log;
  tree: WebhooksTreeProvider;
  view: vscode.TreeView<Node>;
}

export function registerViewCommands(s: ViewDeps, r: CommandRegistry): void {
  const refresh = () =>
    vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS } }, () => s.catalog.refresh());

  const refreshEnvironment = async (c: CommandContext) => {
    const env = await resolveEnvironment(s.connection, c, vscode.l10n.t('Refresh which environment?'));
    if (env) await vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS } }, () => s.catalog.refresh(env));
  };

  const applyFilter = async (text: string) => {
    s.catalog.setFilter(text);
    s.view.description = s.catalog.filter ? vscode.l10n.t('Filter: {0}', s.catalog.filter) : undefined;
    await setContextKey(CONTEXT.filtered, s.catalog.filter !== '');
  };

  const filter = async () => {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter Webhook Configurations'),
      prompt: vscode.l10n.t('Show configurations whose name, URL or events contain this text (empty shows all)'),
      value: s.catalog.filter,
      placeHolder: vscode.l10n.t('orders, example.com, link-connected…'),
    });
    if (text !== undefined) await applyFilter(text);
  };

  const trigger = async (c: CommandContext): Promise<number | undefined> => {
    if (!s.connection.localSandbox) {
      void offer('info', vscode.l10n.t('Test events come from the local sandbox. Use the local sandbox to trigger them.'), {
        title: vscode.l10n.t('Use Local Sandbox'),
        run: () => vscode.commands.executeCommand(COMMANDS.useSandbox),
      });
      return undefined;
    }
    const env = await resolveEnvironment(s.connection, c, vscode.l10n.t('Trigger a test event in which environment?'));
    if (!env) return undefined;
    const webhook = c.webhook;
    const preset = c.eventType !== undefined && isKnownEventType(c.eventType) ? c.eventType : undefined;
    const types: readonly EventType[] = webhook && webhook.events.length > 0 ? webhook.events.filter(isKnownEventType) : EVENT_TYPES;
    const eventType =
      preset ??
      (
        await vscode.window.showQuickPick(
          types.map((t) => ({ label: t })),
          { title: vscode.l10n.t('Trigger a test event in {0}', envLabel(env)), placeHolder: vscode.l10n.t('Which event type?') },
        )
      )?.label;
    if (!eventType || !isKnownEventType(eventType)) return undefined;
    const client = s.connection.client(env);
    if (!client) return undefined;
    try {
      const r = await client.triggerSandboxEvent(env, eventType);
      const n = r.deliveries.length;
      s.log.info(`Triggered ${eventType} in ${env}: ${n} deliver${n === 1 ? 'y' : 'ies'}.`);
      const note = webhook && !r.deliveries.some((d) => d.webhook_url === webhook.webhook_url) ? vscode.l10n.t(' "{0}" is not among them (disabled or not subscribed).', webhook.name) : '';
      const sent =
        n === 0
          ? vscode.l10n.t('No enabled {0} configuration subscribes to {1}; nothing was sent.', envLabel(env), eventType)
          : n === 1
            ? vscode.l10n.t('Sent {0} to 1 configuration.{1}', eventType, note)
            : vscode.l10n.t('Sent {0} to {1} configurations.{2}', eventType, n, note);
      // Where the deliveries show: the configuration's history, or the environment's.
      void offer('info', sent, { title: vscode.l10n.t('Open Request History'), run: () => vscode.commands.executeCommand(COMMANDS.openHistory, webhook ? webhook.id : { env }) });
      // Failure rates change with the attempts; look again once the first attempts are in.
      setTimeout(() => void s.catalog.refresh(env), 1500);
      return n;
    } catch (e) {
      await reportError(s.log, e, { what: vscode.l10n.t('Could not trigger {0}', eventType), env, retry: () => trigger(c) });
      return undefined;
    }
  };

  r.register(COMMANDS.refresh, refresh);
  r.register(COMMANDS.refreshEnvironment, refreshEnvironment);
  r.register(COMMANDS.filter, filter);
  r.register(COMMANDS.clearFilter, () => applyFilter(''));
  r.register(COMMANDS.showMore, (c) => {
    if (c.env !== undefined) s.tree.showMore(c.env);
  });
  r.register(COMMANDS.triggerTestEvent, trigger);
}
