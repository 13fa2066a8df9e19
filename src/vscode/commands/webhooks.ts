/** Create, edit (whole form or one field), enable/disable and delete configurations. */
import * as vscode from 'vscode';
import type { WebhookPatch } from '../../core/api/client';
import { ApiError } from '../../core/api/errors';
import type { Webhook } from '../../core/api/schemas';
import { envLabel, type EnvType } from '../../core/model';
import { COMMANDS, VIEW_WEBHOOKS } from '../constants';
import { reportError } from '../errors';
import { resolveWebhook } from '../input/target';
import { webhookForm, type FormField, type FormValues } from '../input/webhookForm';
import type { Services } from '../services';
import { productionReadOnly, refuseWrite } from './guard';
import type { CommandContext, CommandRegistry } from './register';

/** Which form field a server field error belongs to. */
export function fieldOf(e: ApiError): { field: FormField; message: string } | undefined {
  const order: Array<[string, FormField]> = [
    ['name', 'name'],
    ['webhook_url', 'url'],
    ['env_type', 'url'],
    ['events', 'events'],
  ];
  for (const [server, field] of order) {
    const m = e.fieldError(server);
    if (m) return { field: server === 'env_type' && !/already registered/.test(m) ? 'env' : field, message: m };
  }
  return undefined;
}

export function registerWebhookCommands(s: Services, r: CommandRegistry): void {
  const writableEnvs = () => s.connection.environments.filter((e) => !(e === 'prod' && productionReadOnly()));

  const clientOr = (env: EnvType) => {
    const c = s.connection.client(env);
    if (!c) void vscode.window.showWarningMessage(`There is no ${env} secret. Add it to work with ${envLabel(env)} configurations.`);
    return c;
  };

  /** A configuration deleted elsewhere: refresh its environment and say so. */
  const gone = async (w: Webhook) => {
    s.catalog.remove(w.id);
    void s.catalog.refresh(w.env_type);
    void vscode.window.showWarningMessage(`"${w.name}" no longer exists (it was deleted elsewhere). The view is refreshed.`);
  };

  const reveal = async (id: string) => {
    const node = s.tree.nodeOf(id);
    if (node && s.view.visible) await s.view.reveal(node, { select: true, focus: false, expand: false }).then(undefined, () => undefined);
  };

  const create = async (c: CommandContext): Promise<string | undefined> => {
    if (!s.connection.mode) {
      await vscode.commands.executeCommand(COMMANDS.connectionActions);
      return undefined;
    }
    const envs = writableEnvs();
    if (envs.length === 0) {
      void vscode.window.showWarningMessage('No environment you can write to is connected. Add a secret first.');
      return undefined;
    }
    const fromNode = c.node?.kind === 'environment' || c.node?.kind === 'message' ? c.env : undefined;
    if (fromNode && refuseWrite(fromNode)) return undefined;
    let values: Partial<FormValues> = { env: fromNode ?? envs[0] };
    let resume: { field: FormField; message: string } | undefined;
    for (;;) {
      const v = await webhookForm({ title: 'New Webhook Configuration', initial: values, envs, fixedEnv: fromNode !== undefined, resume });
      if (!v) return undefined;
      values = v;
      const client = clientOr(v.env);
      if (!client) return undefined;
      const done = s.catalog.beginCreate(v.env, v.name);
      try {
        const w = await client.createWebhook({ name: v.name, webhook_url: v.url, env_type: v.env, events: v.events });
        done();
        s.catalog.upsert(w);
        s.log.info(`Created ${w.env_type} configuration ${w.id} "${w.name}".`);
        await reveal(w.id);
        void vscode.window.showInformationMessage(`Created "${w.name}" in ${envLabel(w.env_type)}.`);
        return w.id;
      } catch (e) {
        done();
        const field = e instanceof ApiError && e.kind === 'validation' ? fieldOf(e) : undefined;
        if (field) {
          s.log.warn(`The server refused the configuration: ${field.field}: ${field.message}`);
          resume = field;
          continue;
        }
        await reportError(s.log, e, { what: `Could not create "${v.name}"`, env: v.env, retry: () => create(c) });
        return undefined;
      }
    }
  };

  /** PATCH only what changed; on a 400 the form comes back at the field. */
  const edit = async (c: CommandContext, only?: FormField): Promise<Webhook | undefined> => {
    const w = await resolveWebhook(s, c, { title: only ? `Edit the ${only} of…` : 'Edit which configuration?' });
    if (!w || refuseWrite(w.env_type)) return undefined;
    let values: Partial<FormValues> = { env: w.env_type, name: w.name, url: w.webhook_url, events: [...w.events], enabled: w.enabled };
    let resume: { field: FormField; message: string } | undefined;
    for (;;) {
      const v = await webhookForm({ title: `Edit "${w.name}"`, initial: values, envs: [w.env_type], fixedEnv: true, only, resume, withEnabled: !only && w.enabled !== undefined });
      if (!v) return undefined;
      values = v;
      const patch: WebhookPatch = {};
      if (v.name !== w.name) patch.name = v.name;
      if (v.url !== w.webhook_url) patch.webhook_url = v.url;
      const sameEvents = v.events.length === w.events.length && v.events.every((e) => w.events.includes(e));
      if (!sameEvents) patch.events = v.events;
      if (!only && w.enabled !== undefined && v.enabled !== w.enabled) patch.enabled = v.enabled;
      if (Object.keys(patch).length === 0) {
        void vscode.window.showInformationMessage('Nothing changed.');
        return w;
      }
      const updated = await patchWebhook(w, patch, (field) => (resume = field));
      if (updated === 'retry-form') continue;
      return updated;
    }
  };

  const patchWebhook = async (
    w: Webhook,
    patch: WebhookPatch,
    onField?: (f: { field: FormField; message: string }) => void,
  ): Promise<Webhook | undefined | 'retry-form'> => {
    const client = clientOr(w.env_type);
    if (!client) return undefined;
    try {
      const updated = await vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS } }, () => client.updateWebhook(w.id, patch));
      s.catalog.upsert(updated);
      s.log.info(`Updated ${w.id}: ${Object.keys(patch).join(', ')}.`);
      void vscode.window.setStatusBarMessage(`$(check) Updated "${updated.name}"`, 4000);
      return updated;
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'not_found') {
        await gone(w);
        return undefined;
      }
      const field = e instanceof ApiError && e.kind === 'validation' ? fieldOf(e) : undefined;
      if (field && onField) {
        onField(field);
        return 'retry-form';
      }
      await reportError(s.log, e, { what: `Could not update "${w.name}"`, env: w.env_type, retry: () => patchWebhook(w, patch) });
      return undefined;
    }
  };

  const setEnabled = async (c: CommandContext, enabled: boolean): Promise<Webhook | undefined> => {
    const w = await resolveWebhook(s, c, { title: enabled ? 'Enable which configuration?' : 'Disable which configuration?', filter: (x) => x.enabled !== undefined && x.enabled !== enabled });
    if (!w || refuseWrite(w.env_type)) return undefined;
    if (w.enabled === undefined) {
      void vscode.window.showInformationMessage(`"${w.name}" has no enabled state: this platform does not report one, so it cannot be ${enabled ? 'enabled' : 'disabled'} from here.`);
      return undefined;
    }
    const r = await patchWebhook(w, { enabled });
    return r === 'retry-form' ? undefined : r;
  };

  const remove = async (c: CommandContext): Promise<boolean> => {
    const w = await resolveWebhook(s, c, { title: 'Delete which configuration?' });
    if (!w || refuseWrite(w.env_type)) return false;
    if (w.env_type === 'prod') {
      const typed = await vscode.window.showInputBox({
        title: `Delete the production configuration "${w.name}"`,
        prompt: `Deliveries to ${w.webhook_url} stop at once. Type the name "${w.name}" to confirm.`,
        placeHolder: w.name,
        ignoreFocusOut: true,
        validateInput: (v) => (v === w.name ? undefined : `Type "${w.name}" exactly to delete it.`),
      });
      if (typed !== w.name) return false;
    } else {
      const del = { title: 'Delete' };
      const ok = await vscode.window.showWarningMessage(
        `Delete "${w.name}" from ${envLabel(w.env_type)}?`,
        { modal: true, detail: `Deliveries to ${w.webhook_url} stop. This cannot be undone.` },
        del,
      );
      if (ok !== del) return false;
    }
    const client = clientOr(w.env_type);
    if (!client) return false;
    const done = s.catalog.beginDelete(w);
    try {
      await client.deleteWebhook(w.id);
      done();
      s.catalog.remove(w.id);
      s.log.info(`Deleted ${w.env_type} configuration ${w.id} "${w.name}".`);
      void vscode.window.setStatusBarMessage(`$(trash) Deleted "${w.name}"`, 4000);
      return true;
    } catch (e) {
      done();
      if (e instanceof ApiError && e.kind === 'not_found') {
        await gone(w);
        return true;
      }
      await reportError(s.log, e, { what: `Could not delete "${w.name}" (it is still there)`, env: w.env_type, retry: () => remove({ webhook: w }) });
      return false;
    }
  };

  r.register(COMMANDS.create, create);
  r.register(COMMANDS.edit, (c) => edit(c));
  r.register(COMMANDS.rename, (c) => edit(c, 'name'));
  r.register(COMMANDS.editUrl, (c) => edit(c, 'url'));
  r.register(COMMANDS.editEvents, (c) => edit(c, 'events'));
  r.register(COMMANDS.enable, (c) => setEnabled(c, true));
  r.register(COMMANDS.disable, (c) => setEnabled(c, false));
  r.register(COMMANDS.delete, remove);
}

