/** The configuration a command acts on: the tree item it was invoked on, an id, or one the user picks. */
import * as vscode from 'vscode';
import type { Webhook } from '../../core/api/schemas';
import { isEnabled } from '../../core/api/schemas';
import { envLabel, type EnvType } from '../../core/model';
import type { Services } from '../services';
import type { Node } from '../tree/webhooksTree';
import { shortUrl } from '../tree/webhookNode';

export type Target = Node | string | undefined;

export async function resolveWebhook(
  s: Services,
  arg: Target,
  o: { title: string; filter?: (w: Webhook) => boolean } = { title: 'Choose a configuration' },
): Promise<Webhook | undefined> {
  if (typeof arg === 'string') return s.catalog.find(arg) ?? notFoundMessage(arg);
  if (arg?.kind === 'webhook') return arg.webhook;
  if (arg?.kind === 'event') return arg.parent.webhook;
  if (!s.connection.mode) {
    void vscode.window.showWarningMessage('Connect to Transcrypts or use the local sandbox first.', 'Use Local Sandbox', 'Connect…').then((c) => {
      if (c === 'Use Local Sandbox') void vscode.commands.executeCommand('transcrypts.connect.sandbox');
      if (c === 'Connect…') void vscode.commands.executeCommand('transcrypts.connect');
    });
    return undefined;
  }
  if (s.catalog.all().length === 0) await s.catalog.refresh();
  const candidates = s.catalog.all().filter(o.filter ?? (() => true));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('There is no configuration to choose from here.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((w) => ({
      label: w.name,
      description: `${envLabel(w.env_type)} · ${shortUrl(w.webhook_url)}`,
      detail: isEnabled(w) ? undefined : 'disabled',
      iconPath: new vscode.ThemeIcon(w.enabled === undefined ? 'radio-tower' : isEnabled(w) ? 'pass' : 'circle-slash'),
      webhook: w,
    })),
    { title: o.title, placeHolder: 'Type to filter by name, environment or URL', matchOnDescription: true },
  );
  return picked?.webhook;
}

export async function resolveEnvironment(s: Services, arg: Target, title: string, envs?: EnvType[]): Promise<EnvType | undefined> {
  if (arg && typeof arg !== 'string') {
    if (arg.kind === 'environment') return arg.env;
    if (arg.kind === 'message' || arg.kind === 'placeholder') return arg.parent.env;
    if (arg.kind === 'webhook') return arg.webhook.env_type;
    if (arg.kind === 'event') return arg.parent.webhook.env_type;
  }
  if (typeof arg === 'string' && arg !== '') return arg;
  const choices = envs ?? s.connection.environments;
  if (choices.length === 1) return choices[0];
  const picked = await vscode.window.showQuickPick(
    choices.map((e) => ({ label: envLabel(e), description: e === envLabel(e) ? undefined : e, env: e })),
    { title, placeHolder: 'Choose an environment' },
  );
  return picked?.env;
}

function notFoundMessage(id: string): undefined {
  void vscode.window.showWarningMessage(`No configuration with id ${id.slice(0, 40)} is loaded. Refresh the view and try again.`);
  return undefined;
}
