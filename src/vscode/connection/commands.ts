/** Use the local sandbox, Connect to Transcrypts, set a secret, Sign Out, and the status bar's actions. */
import vscode = require('vscode');
import { baseUrlProblem, TranscryptsClient } from '../../core/api/client';
import { ApiError } from '../../core/api/errors';
import { DEFAULT_ENVIRONMENTS, envLabel, isLoopbackHost, type EnvType } from '../../core/model';
import { PROFILES, type ProfileName } from '../../core/profiles';
import { COMMANDS, VIEW_WEBHOOKS } from '../platform/constants';
import { describe, offer, reportError } from '../platform/errors';
import { ConnectForm } from './connectForm';
import { confirmSecretFor, secretProblem } from './keys';
import { MultiStepInput } from '../platform/multiStep';
import type { Catalog } from '../../core/webhooks/catalog';
import type { Log } from '../platform/log';
import type { SandboxHost } from '../sandbox/sandboxHost';
import type { Connection } from './connection';
import { openSetting, setting } from '../platform/settings/read';
import type { CommandContext, CommandRegistry } from '../platform/commandRegistry';
import { runningDevSandbox } from './devConnect';

/**
 * The environments Connect offers: those of the local sandbox's profile when the API is one (the documented
 * platform has no Sandbox: m13), else the setting `transcrypts.environments` (non-empty strings, de-duplicated).
 */
export function offeredEnvironments(sandboxProfile?: string): EnvType[] {
  const profile = sandboxProfile !== undefined && Object.hasOwn(PROFILES, sandboxProfile) ? PROFILES[sandboxProfile as ProfileName] : undefined;
  if (profile) return [...profile.environments];
  const list = setting('environments').filter((e) => e.trim() !== '').map((e) => e.trim());
  return list.length > 0 ? [...new Set(list)] : [...DEFAULT_ENVIRONMENTS];
}

/** The profile of a local sandbox answering at `baseUrl` (asked without keys), or undefined for anything else. */
async function sandboxProfileAt(baseUrl: string): Promise<string | undefined> {
  if (!isLoopbackHost(new URL(baseUrl).hostname)) return undefined;
  const info = await new TranscryptsClient({ baseUrl, clientId: '', secret: '', maxRetries: 0, timeoutMs: 2000 }).sandboxInfo().catch(() => undefined);
  return info?.profile;
}

/** Check a key with a list call; undefined when accepted, else the error. */
async function check(baseUrl: string, clientId: string, secret: string, env?: EnvType): Promise<ApiError | undefined> {
  try {
    // The first page says whether the key is accepted: the others would only repeat it (a list of 50,000).
    const pages = new TranscryptsClient({ baseUrl, clientId, secret, env, maxRetries: 1 }).webhookPages();
    await pages.next();
    await pages.return(undefined);
    return undefined;
  } catch (e) {
    return e instanceof ApiError ? e : new ApiError('network', describe(e));
  }
}

/** What the connection's commands use (the services of extension.ts have them). */
export interface ConnectionDeps {
  connection: Connection;
  catalog: Catalog;
  sandbox: SandboxHost;
  log: Log;
}

/** Use the local sandbox, Connect, Set Secret, Sign Out and the connection actions; one method per command. */
class ConnectionCommands {
  constructor(private readonly s: ConnectionDeps) {}

  register(r: CommandRegistry): void {
    r.register(COMMANDS.useSandbox, () => this.useSandbox());
    r.register(COMMANDS.connect, () => this.connect());
    r.register(COMMANDS.setSecret, (c) => this.setSecret(c));
    r.register(COMMANDS.signOut, () => this.signOut());
    r.register(COMMANDS.connectionActions, () => this.actions());
  }

  async useSandbox(): Promise<boolean> {
    // One sandbox: the one `npm start` runs (outside VS Code), while it answers; else the embedded one.
    const dev = await runningDevSandbox(this.s.connection, this.s.log);
    if (dev) {
      await this.s.connection.connectRemote(dev.clientId, dev.secrets);
      await this.s.catalog.refresh();
      void vscode.window.showInformationMessage(vscode.l10n.t('Connected to the local sandbox started outside VS Code on {0}', dev.baseUrl));
      return true;
    }
    try {
      await vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS }, title: vscode.l10n.t('Starting the local sandbox…') }, () => this.s.connection.useSandbox());
    } catch (e) {
      await reportError(this.s.log, e, { what: vscode.l10n.t('The local sandbox did not start'), retry: () => this.useSandbox() });
      return false;
    }
    await this.s.catalog.refresh();
    void vscode.window.showInformationMessage(vscode.l10n.t('Connected to the local sandbox on {0}', this.s.sandbox.running?.baseUrl ?? ''));
    return true;
  }

  /** The form, then every key checked before anything is kept; a rejected key brings the form back at it. */
  async connect(): Promise<boolean> {
    // A workspace's own API address gets the keys only when the user says so, here.
    const chosen = this.s.connection.address.workspaceChoice();
    if (chosen !== undefined && !this.s.connection.address.isConfirmed(chosen)) await this.s.connection.address.confirm(chosen, true);
    const baseUrl = this.s.connection.address.current(false);
    const urlProblem = baseUrlProblem(baseUrl);
    if (urlProblem) {
      await offer('error', vscode.l10n.t('Cannot connect: {0}', urlProblem), { title: vscode.l10n.t('Open Settings'), run: () => openSetting('apiBaseUrl') });
      return false;
    }
    const { connection } = this.s;
    const form = new ConnectForm(vscode.l10n.t('Connect to Transcrypts ({0})', new URL(baseUrl).host), offeredEnvironments(await sandboxProfileAt(baseUrl)), {
      clientId: connection.mode === 'remote' ? (connection.clientId ?? '') : '',
      envs: connection.mode === 'remote' ? connection.environments : [],
    });
    for (;;) {
      if (!(await form.run())) return false;
      const { clientId, envs, secrets } = form.values;
      const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the keys…'), cancellable: false }, () =>
        Promise.all(envs.map(async (env) => [env, await check(baseUrl, clientId, secrets[env] ?? '', env)] as const)),
      );
      const next = await this.afterCheck(form, results);
      if (next === 'again') continue;
      if (next === 'stop') return false;
      await connection.connectRemote(clientId, Object.fromEntries(envs.map((e) => [e, secrets[e] ?? ''])));
      await this.s.catalog.refresh();
      void vscode.window.showInformationMessage(vscode.l10n.t('Connected to {0}: {1}.', new URL(baseUrl).host, envs.map((e) => envLabel(e)).join(', ')));
      return true;
    }
  }

  /** What the key checks mean: keep the keys, show the form again (at a rejected key), or stop. */
  private async afterCheck(form: ConnectForm, results: ReadonlyArray<readonly [EnvType, ApiError | undefined]>): Promise<'keep' | 'again' | 'stop'> {
    const authFailures = results.filter(([, e]) => e?.kind === 'auth').map(([env]) => env);
    form.clearRejections();
    if (authFailures.length > 0) {
      for (const env of authFailures) form.reject(env, vscode.l10n.t('The {0} secret was rejected (401). Check it (or the client id) and try again.', env));
      return 'again';
    }
    const other = results.find(([, e]) => e && e.kind !== 'auth');
    const e = other?.[1];
    if (!other || !e) return 'keep';
    const env = other[0];
    this.s.log.error(`Connection check for ${env} failed`, e);
    const retry = { title: vscode.l10n.t('Retry') };
    const edit = { title: vscode.l10n.t('Edit') };
    const c = await vscode.window.showErrorMessage(vscode.l10n.t('Could not check the {0} secret: {1}', env, this.s.log.redactor.redact(e.message)), retry, edit, { title: vscode.l10n.t('Show Logs') });
    if (c === retry || c === edit) {
      form.resumeAt(c === edit ? env : undefined);
      return 'again';
    }
    if (c) this.s.log.show();
    return 'stop';
  }

  async setSecret(c: CommandContext = {}): Promise<boolean> {
    const { connection } = this.s;
    if (connection.mode !== 'remote') {
      if (!connection.mode) return this.connect();
      void vscode.window.showInformationMessage(vscode.l10n.t('The local sandbox sets its own keys. Connect to Transcrypts to use your own.'));
      return false;
    }
    const env = c.env ?? c.text ?? (await this.pickEnvironment());
    if (!env) return false;
    let message: string | undefined;
    let value = '';
    for (;;) {
      const entered = await secretBox(env, value, message);
      if (entered === undefined) return false;
      value = entered;
      if (!(await confirmSecretFor(env, value))) continue;
      const e = await check(connection.baseUrl ?? '', connection.clientId ?? '', value, env);
      if (e?.kind === 'auth') {
        message = vscode.l10n.t('The {0} secret was rejected (401). Check it and try again.', env);
        continue;
      }
      if (e) {
        await reportError(this.s.log, e, { what: vscode.l10n.t('Could not check the {0} secret', env) });
        return false;
      }
      await connection.setSecret(env, value);
      await this.s.catalog.refresh(env);
      void vscode.window.showInformationMessage(vscode.l10n.t('The {0} secret is saved.', envLabel(env)));
      return true;
    }
  }

  private async pickEnvironment(): Promise<EnvType | undefined> {
    const { connection, catalog } = this.s;
    const envs = [...new Set([...connection.environments, ...offeredEnvironments(connection.localSandbox?.profile), ...catalog.groups()])];
    const picked = await vscode.window.showQuickPick(
      envs.map((e) => ({ label: envLabel(e), description: connection.hasSecret(e) ? vscode.l10n.t('replace the secret') : vscode.l10n.t('no secret yet'), env: e })),
      { title: vscode.l10n.t('Set an environment secret') },
    );
    return picked?.env;
  }

  async signOut(): Promise<boolean> {
    if (!this.s.connection.mode) {
      void vscode.window.showInformationMessage(vscode.l10n.t('You are not connected.'));
      return false;
    }
    const signOutItem = { title: vscode.l10n.t('Sign Out') };
    const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Sign out and forget the stored secrets?'), { modal: true }, signOutItem);
    if (ok !== signOutItem) return false;
    await this.s.connection.forget();
    this.s.catalog.clear();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out. The secrets are forgotten.'));
    return true;
  }

  async actions(): Promise<void> {
    const mode = this.s.connection.mode;
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const items: Item[] = [];
    if (!this.s.connection.localSandbox) items.push({ label: vscode.l10n.t('$(beaker) Use the Local Sandbox'), description: vscode.l10n.t('sample data, no account'), run: () => this.useSandbox() });
    items.push({ label: vscode.l10n.t('$(plug) Connect to Transcrypts…'), description: setting('apiBaseUrl'), run: () => this.connect() });
    if (mode === 'remote') items.push({ label: vscode.l10n.t('$(key) Set an Environment Secret…'), run: () => this.setSecret() });
    if (mode) {
      items.push({ label: vscode.l10n.t('$(refresh) Refresh'), run: () => this.s.catalog.refresh() });
      items.push({ label: vscode.l10n.t('$(pulse) Check Fixtures Against Recent Deliveries'), run: () => vscode.commands.executeCommand(COMMANDS.checkDrift) });
      items.push({ label: vscode.l10n.t('$(key) Set Replay Test Secret for This Workspace…'), description: vscode.l10n.t('replays sign with it'), run: () => vscode.commands.executeCommand(COMMANDS.setReplaySecret) });
      items.push({ label: vscode.l10n.t('$(sign-out) Sign Out'), run: () => this.signOut() });
    }
    items.push({ label: vscode.l10n.t('$(output) Show Logs'), run: () => this.s.log.show() });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Transcrypts connection') });
    await picked?.run();
  }
}

/** One environment's secret in a box; the trimmed value, or undefined when cancelled. */
async function secretBox(env: EnvType, value: string, message: string | undefined): Promise<string | undefined> {
  let entered: string | undefined;
  const ok = await MultiStepInput.run(async (input) => {
    entered = await input.box({
      title: vscode.l10n.t('{0} secret', envLabel(env)),
      step: 1,
      totalSteps: 1,
      value,
      prompt: vscode.l10n.t('The {0} secret (X-Access-Secret); stored in VS Code\'s secret storage only', envLabel(env)),
      password: true,
      initialMessage: message,
      validate: (v) => secretProblem(env, v),
    });
  });
  return ok && entered !== undefined ? entered.trim() : undefined;
}

export function registerConnectionCommands(s: ConnectionDeps, r: CommandRegistry): void {
  new ConnectionCommands(s).register(r);
}
