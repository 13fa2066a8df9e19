/** Create, edit (whole form or one field), enable/disable and delete configurations. */
import vscode = require('vscode');
import type { TranscryptsClient, WebhookPatch } from '../../core/api/client';
import { ApiError } from '../../core/api/errors';
import type { Webhook } from '../../core/api/schemas';
import { envLabel, type EnvType } from '../../core/model';
import { COMMANDS, VIEW_WEBHOOKS } from '../platform/constants';
import { reportError } from '../platform/errors';
import { resolveWebhook } from './target';
import { webhookForm, type FormField, type FormValues } from './webhookForm';
import type { Services } from '../services';
import { productionReadOnly, refuseWrite } from '../platform/guard';
import type { CommandContext, CommandRegistry } from '../platform/commandRegistry';

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

type FieldMessage = { field: FormField; message: string };

/** The configuration commands; each method is one command (or one step of one). */
class WebhookCommands {
  constructor(private readonly s: Services) {}

  register(r: CommandRegistry): void {
    // The view title's + and the palette always ask for the environment; an environment's own + knows it.
    r.register(COMMANDS.create, () => this.create(undefined));
    r.register(COMMANDS.createHere, (c) => this.create(c.env));
    r.register(COMMANDS.edit, (c) => this.edit(c));
    r.register(COMMANDS.rename, (c) => this.edit(c, 'name'));
    r.register(COMMANDS.editUrl, (c) => this.edit(c, 'url'));
    r.register(COMMANDS.editEvents, (c) => this.edit(c, 'events'));
    r.register(COMMANDS.enable, (c) => this.setEnabled(c, true));
    r.register(COMMANDS.disable, (c) => this.setEnabled(c, false));
    r.register(COMMANDS.delete, (c) => this.remove(c));
  }

  private writableEnvs(): EnvType[] {
    return this.s.connection.environments.filter((e) => !(e === 'prod' && productionReadOnly()));
  }

  private clientOr(env: EnvType): TranscryptsClient | undefined {
    const c = this.s.connection.client(env);
    if (!c) void vscode.window.showWarningMessage(vscode.l10n.t('There is no {0} secret. Add it to work with {1} configurations.', env, envLabel(env)));
    return c;
  }

  /** A configuration deleted elsewhere: refresh its environment and say so. */
  private gone(w: Webhook): void {
    this.s.catalog.remove(w.id);
    void this.s.catalog.refresh(w.env_type);
    void vscode.window.showWarningMessage(vscode.l10n.t('"{0}" no longer exists (it was deleted elsewhere). The view is refreshed.', w.name));
  }

  private async reveal(id: string): Promise<void> {
    const node = this.s.tree.nodeOf(id);
    if (node && this.s.view.visible) await this.s.view.reveal(node, { select: true, focus: false, expand: false }).then(undefined, () => undefined);
  }

  async create(here: EnvType | undefined): Promise<string | undefined> {
    if (!this.s.connection.mode) {
      await vscode.commands.executeCommand(COMMANDS.connectionActions);
      return undefined;
    }
    const envs = this.writableEnvs();
    if (envs.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No environment you can write to is connected. Add a secret first.'));
      return undefined;
    }
    if (here && refuseWrite(here)) return undefined;
    let values: Partial<FormValues> = { env: here ?? envs[0] };
    let resume: FieldMessage | undefined;
    for (;;) {
      const v = await webhookForm({
        title: vscode.l10n.t('New Webhook Configuration'),
        titleIn: (env) => vscode.l10n.t('New Webhook Configuration in {0}', envLabel(env)),
        initial: values,
        envs,
        fixedEnv: here !== undefined,
        resume,
        platform: this.platform(),
      });
      if (!v) return undefined;
      values = v;
      if (v.env === 'prod' && !(await confirmProduction(vscode.l10n.t('Create "{0}" in Production?', v.name), v.url, vscode.l10n.t('Create in Production')))) {
        resume = { field: 'events', message: vscode.l10n.t('Not created. Enter asks again; Back changes the form.') };
        continue;
      }
      const created = await this.send(v, () => this.create(here));
      if (typeof created !== 'object') return created;
      resume = created;
    }
  }

  /** POST the form's values: the new id, undefined when it failed (reported), or the field a 400 names. */
  private async send(v: FormValues, retry: () => unknown): Promise<string | undefined | FieldMessage> {
    const client = this.clientOr(v.env);
    if (!client) return undefined;
    const done = this.s.catalog.beginCreate(v.env, v.name);
    try {
      const w = await client.createWebhook({ name: v.name, webhook_url: v.url, env_type: v.env, events: v.events });
      done();
      this.s.catalog.upsert(w);
      this.s.log.info(`Created ${w.env_type} configuration ${w.id} "${w.name}".`);
      await this.reveal(w.id);
      void vscode.window.showInformationMessage(vscode.l10n.t('Created "{0}" in {1}.', w.name, envLabel(w.env_type)));
      return w.id;
    } catch (e) {
      done();
      const field = e instanceof ApiError && e.kind === 'validation' ? fieldOf(e) : undefined;
      if (field) {
        this.s.log.warn(`The server refused the configuration: ${field.field}: ${field.message}`);
        return field;
      }
      await reportError(this.s.log, e, { what: vscode.l10n.t('Could not create "{0}"', v.name), env: v.env, retry });
      return undefined;
    }
  }

  /** PATCH only what changed; on a 400 the form comes back at the field. */
  async edit(c: CommandContext, only?: FormField): Promise<Webhook | undefined> {
    const w = await resolveWebhook(this.s, c, { title: only ? vscode.l10n.t('Edit the {0} of…', only) : vscode.l10n.t('Edit which configuration?') });
    if (!w || refuseWrite(w.env_type)) return undefined;
    let values: Partial<FormValues> = { env: w.env_type, name: w.name, url: w.webhook_url, events: [...w.events], enabled: w.enabled };
    let resume: FieldMessage | undefined;
    for (;;) {
      const v = await webhookForm({ title: vscode.l10n.t('Edit "{0}"', w.name), initial: values, envs: [w.env_type], fixedEnv: true, only, resume, withEnabled: !only && w.enabled !== undefined, platform: this.platform() });
      if (!v) return undefined;
      values = v;
      const patch = changes(w, v, !only);
      if (Object.keys(patch).length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Nothing changed.'));
        return w;
      }
      const confirm = productionConfirmation(w, patch);
      if (confirm && !(await confirmProduction(confirm.message, confirm.url, confirm.button))) {
        resume = { field: only ?? (patch.webhook_url !== undefined ? 'url' : 'enabled'), message: vscode.l10n.t('Not changed. Enter asks again; Back changes the form.') };
        continue;
      }
      const updated = await this.patch(w, patch, (field) => (resume = field));
      if (updated === 'retry-form') continue;
      return updated;
    }
  }

  private async patch(w: Webhook, patch: WebhookPatch, onField?: (f: FieldMessage) => void): Promise<Webhook | undefined | 'retry-form'> {
    const client = this.clientOr(w.env_type);
    if (!client) return undefined;
    try {
      const updated = await vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS } }, () => client.updateWebhook(w.id, patch));
      this.s.catalog.upsert(updated);
      this.s.log.info(`Updated ${w.id}: ${Object.keys(patch).join(', ')}.`);
      void vscode.window.setStatusBarMessage(updateMessage(updated, patch), 5000);
      return updated;
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'not_found') {
        this.gone(w);
        return undefined;
      }
      const field = e instanceof ApiError && e.kind === 'validation' ? fieldOf(e) : undefined;
      if (field && onField) {
        onField(field);
        return 'retry-form';
      }
      await reportError(this.s.log, e, { what: vscode.l10n.t('Could not update "{0}"', w.name), env: w.env_type, retry: () => this.patch(w, patch) });
      return undefined;
    }
  }

  /** What the connection talks to: a local sandbox (and its profile) or the Transcrypts platform. */
  private platform(): { local: boolean; profile: string } {
    const local = this.s.connection.localSandbox;
    return { local: local !== undefined, profile: local?.profile ?? 'transcrypts' };
  }

  async setEnabled(c: CommandContext, enabled: boolean): Promise<Webhook | undefined> {
    // With nothing to choose, the palette says why: no enabled state at all, or every one already so (m5).
    const none = () =>
      !this.s.catalog.all().some((x) => x.enabled !== undefined)
        ? vscode.l10n.t('No configuration here has an enabled state: the platform does not report one, so none can be enabled or disabled. Delete a configuration, or change its events, to stop its deliveries.')
        : enabled
          ? vscode.l10n.t('Every configuration here is already enabled.')
          : vscode.l10n.t('Every configuration here is already disabled.');
    const w = await resolveWebhook(this.s, c, { title: enabled ? vscode.l10n.t('Enable which configuration?') : vscode.l10n.t('Disable which configuration?'), filter: (x) => x.enabled !== undefined && x.enabled !== enabled, none });
    if (!w || refuseWrite(w.env_type)) return undefined;
    if (w.enabled === undefined) {
      void vscode.window.showInformationMessage(
        enabled
          ? vscode.l10n.t('"{0}" has no enabled state: this platform does not report one, so it cannot be enabled from here.', w.name)
          : vscode.l10n.t('"{0}" has no enabled state: this platform does not report one, so it cannot be disabled from here.', w.name),
      );
      return undefined;
    }
    if (enabled && w.env_type === 'prod' && !(await confirmProduction(vscode.l10n.t('Enable "{0}" in Production?', w.name), w.webhook_url, vscode.l10n.t('Enable')))) return undefined;
    const r = await this.patch(w, { enabled });
    return r === 'retry-form' ? undefined : r;
  }

  async remove(c: CommandContext): Promise<boolean> {
    const w = await resolveWebhook(this.s, c, { title: vscode.l10n.t('Delete which configuration?') });
    if (!w || refuseWrite(w.env_type) || !(await confirmDelete(w))) return false;
    const client = this.clientOr(w.env_type);
    if (!client) return false;
    const done = this.s.catalog.beginDelete(w);
    try {
      await client.deleteWebhook(w.id);
      done();
      this.s.catalog.remove(w.id);
      this.s.log.info(`Deleted ${w.env_type} configuration ${w.id} "${w.name}".`);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('$(trash) Deleted "{0}"', w.name), 4000);
      return true;
    } catch (e) {
      done();
      if (e instanceof ApiError && e.kind === 'not_found') {
        this.gone(w);
        return true;
      }
      await reportError(this.s.log, e, { what: vscode.l10n.t('Could not delete "{0}" (it is still there)', w.name), env: w.env_type, retry: () => this.remove({ webhook: w }) });
      return false;
    }
  }
}

/** The fields the form changed, as a PATCH body (`enabled` only from the whole form). */
function changes(w: Webhook, v: FormValues, wholeForm: boolean): WebhookPatch {
  const patch: WebhookPatch = {};
  if (v.name !== w.name) patch.name = v.name;
  if (v.url !== w.webhook_url) patch.webhook_url = v.url;
  const sameEvents = v.events.length === w.events.length && v.events.every((e) => w.events.includes(e));
  if (!sameEvents) patch.events = v.events;
  if (wholeForm && w.enabled !== undefined && v.enabled !== w.enabled) patch.enabled = v.enabled;
  return patch;
}

/** What an update did, in words: "Disabled …" for a state change alone. */
function updateMessage(w: Webhook, patch: WebhookPatch): string {
  const only = Object.keys(patch);
  if (only.length === 1 && patch.enabled === true) return vscode.l10n.t('$(pass) Enabled "{0}": deliveries are sent again', w.name);
  if (only.length === 1 && patch.enabled === false) return vscode.l10n.t('$(circle-slash) Disabled "{0}": deliveries are paused', w.name);
  return vscode.l10n.t('$(check) Updated "{0}"', w.name);
}

/** What a production edit must confirm (a new URL, or enabling), or nothing. */
function productionConfirmation(w: Webhook, patch: WebhookPatch): { message: string; url: string; button: string } | undefined {
  if (w.env_type !== 'prod') return undefined;
  if (patch.webhook_url !== undefined) return { message: vscode.l10n.t('Send the production deliveries of "{0}" to a new URL?', w.name), url: patch.webhook_url, button: vscode.l10n.t('Change URL') };
  if (patch.enabled === true) return { message: vscode.l10n.t('Enable "{0}" in Production?', w.name), url: w.webhook_url, button: vscode.l10n.t('Enable') };
  return undefined;
}

/** A modal question before a production change takes effect; true when confirmed. */
async function confirmProduction(message: string, url: string, action: string): Promise<boolean> {
  const go = { title: action };
  const chosen = await vscode.window.showWarningMessage(message, { modal: true, detail: vscode.l10n.t('Production deliveries carry live, billed data: they go to {0} at once.', url) }, go);
  return chosen === go;
}

/** Production: type the name; elsewhere a modal question. */
async function confirmDelete(w: Webhook): Promise<boolean> {
  if (w.env_type === 'prod') {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Delete the production configuration "{0}"', w.name),
      prompt: vscode.l10n.t('Deliveries to {0} stop at once. Type the name "{1}" to confirm.', w.webhook_url, w.name),
      placeHolder: w.name,
      ignoreFocusOut: true,
      validateInput: (v) => (v === w.name ? undefined : vscode.l10n.t('Type "{0}" exactly to delete it.', w.name)),
    });
    return typed === w.name;
  }
  const del = { title: vscode.l10n.t('Delete') };
  const ok = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete "{0}" from {1}?', w.name, envLabel(w.env_type)),
    { modal: true, detail: vscode.l10n.t('Deliveries to {0} stop. This cannot be undone.', w.webhook_url) },
    del,
  );
  return ok === del;
}

export function registerWebhookCommands(s: Services, r: CommandRegistry): void {
  registerClipboardCommands(s, r);
  new WebhookCommands(s).register(r);
}

/** Copy ID, Copy URL, Copy as JSON. */
function registerClipboardCommands(s: Services, r: CommandRegistry): void {
  const copy = (what: string, pick: (w: Webhook) => string) => async (c: CommandContext) => {
    const w = await resolveWebhook(s, c, { title: vscode.l10n.t('Copy the {0} of…', what) });
    if (!w) return undefined;
    const text = pick(w);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied the {0} of "{1}"', what, w.name), 3000);
    return text;
  };
  r.register(COMMANDS.copyId, copy('id', (w) => w.id));
  r.register(COMMANDS.copyUrl, copy('URL', (w) => w.webhook_url));
  r.register(COMMANDS.copyJson, copy('JSON', (w) => JSON.stringify(w, null, 2)));
}
