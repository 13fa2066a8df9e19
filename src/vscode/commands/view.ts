/** Refresh, filter, and Trigger Test Event (local sandbox). */
import * as vscode from 'vscode';
import { EVENT_TYPES, isKnownEventType, type EventType } from '../../core/events';
import { envLabel } from '../../core/model';
import { COMMANDS, CONTEXT } from '../constants';
import { reportError } from '../errors';
import { resolveEnvironment, type Target } from '../input/target';
import type { Services } from '../services';

export function registerViewCommands(s: Services): vscode.Disposable[] {
  const refresh = () =>
    vscode.window.withProgress({ location: { viewId: 'transcrypts.webhooks' } }, () => s.catalog.refresh());

  const refreshEnvironment = async (arg?: Target) => {
    const env = await resolveEnvironment(s, arg, 'Refresh which environment?');
    if (env) await vscode.window.withProgress({ location: { viewId: 'transcrypts.webhooks' } }, () => s.catalog.refresh(env));
  };

  const applyFilter = async (text: string) => {
    s.catalog.setFilter(text);
    s.view.description = s.catalog.filter ? `Filter: ${s.catalog.filter}` : undefined;
    await vscode.commands.executeCommand('setContext', CONTEXT.filtered, s.catalog.filter !== '');
  };

  const filter = async () => {
    const text = await vscode.window.showInputBox({
      title: 'Filter Webhook Configurations',
      prompt: 'Show configurations whose name, URL or events contain this text (empty shows all)',
      value: s.catalog.filter,
      placeHolder: 'orders, example.com, link-connected…',
    });
    if (text !== undefined) await applyFilter(text);
  };

  const trigger = async (arg?: Target): Promise<number | undefined> => {
    if (s.connection.mode !== 'sandbox') {
      void vscode.window.showInformationMessage('Test events come from the local sandbox. Use the local sandbox to trigger them.', 'Use Local Sandbox').then((c) => {
        if (c) void vscode.commands.executeCommand(COMMANDS.useSandbox);
      });
      return undefined;
    }
    const env = await resolveEnvironment(s, arg, 'Trigger a test event in which environment?');
    if (!env) return undefined;
    const webhook = arg && typeof arg !== 'string' ? (arg.kind === 'webhook' ? arg.webhook : arg.kind === 'event' ? arg.parent.webhook : undefined) : undefined;
    const preset = arg && typeof arg !== 'string' && arg.kind === 'event' && isKnownEventType(arg.eventType) ? arg.eventType : undefined;
    const types: readonly EventType[] = webhook && webhook.events.length > 0 ? webhook.events.filter(isKnownEventType) : EVENT_TYPES;
    const eventType =
      preset ??
      (
        await vscode.window.showQuickPick(
          types.map((t) => ({ label: t })),
          { title: `Trigger a test event in ${envLabel(env)}`, placeHolder: 'Which event type?' },
        )
      )?.label;
    if (!eventType || !isKnownEventType(eventType)) return undefined;
    const client = s.connection.client(env);
    if (!client) return undefined;
    try {
      const r = await client.triggerSandboxEvent(env, eventType);
      const n = r.deliveries.length;
      s.log.info(`Triggered ${eventType} in ${env}: ${n} deliver${n === 1 ? 'y' : 'ies'}.`);
      const note = webhook && !r.deliveries.some((d) => d.webhook_url === webhook.webhook_url) ? ` "${webhook.name}" is not among them (disabled or not subscribed).` : '';
      void vscode.window.showInformationMessage(
        n === 0 ? `No enabled ${envLabel(env)} configuration subscribes to ${eventType}; nothing was sent.` : `Sent ${eventType} to ${n} configuration${n === 1 ? '' : 's'}.${note}`,
      );
      // Failure rates change with the attempts; look again once the first attempts are in.
      setTimeout(() => void s.catalog.refresh(env), 1500);
      return n;
    } catch (e) {
      await reportError(s.log, e, { what: `Could not trigger ${eventType}`, env, retry: () => trigger(arg) });
      return undefined;
    }
  };

  return [
    vscode.commands.registerCommand(COMMANDS.refresh, refresh),
    vscode.commands.registerCommand(COMMANDS.refreshEnvironment, refreshEnvironment),
    vscode.commands.registerCommand(COMMANDS.filter, filter),
    vscode.commands.registerCommand(COMMANDS.clearFilter, () => applyFilter('')),
    vscode.commands.registerCommand(COMMANDS.triggerTestEvent, trigger),
  ];
}
