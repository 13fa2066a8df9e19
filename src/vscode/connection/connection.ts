/**
 * The connection: the local sandbox or the Transcrypts API, a client id and one secret per environment.
 * Secrets live in SecretStorage only; globalState keeps which mode and which environments (no secret), so a
 * reopened VS Code restores the connection without asking.
 */
import vscode = require('vscode');
import { TranscryptsClient } from '../../core/api/client';
import { envLabel, isLoopbackHost, type EnvType } from '../../core/model';
import { signingFormat, type SignatureFormat } from '../../core/signature';
import { ApiAddress } from './apiAddress';
import { CONTEXT } from '../platform/constants';
import type { Log } from '../platform/log';
import type { SandboxHost } from '../sandbox/sandboxHost';
import { affects, setting } from '../platform/settings/read';
import { setContextKey } from '../platform/contextKeys';
import { errorMessage } from '../../shared/errorMessage';
import { SECRET_KEY_PREFIX } from '../platform/stateKeys';
import { knownOf, LEGACY_ENVS, readSavedSecrets, savedConnection, secretKey, secretsOf, STATE_KEY, type ConnectionMode, type Saved, type SecretsRead } from './saved';

export type { ConnectionMode } from './saved';

/** A local sandbox the connection talks to: the embedded one, or one started from the command line. */
export interface LocalSandbox {
  baseUrl: string;
  profile: string;
  /** Where its data lives (undefined: in memory). */
  dataDir?: string;
  embedded: boolean;
}

/**
 * What the connection is as far as the user is told (the status bar): none; a local sandbox it talks to; a sandbox
 * still being checked (a loopback API the probe has not answered yet, or the saved embedded one starting); the API.
 */
export type ShownConnection =
  | { kind: 'none' }
  | { kind: 'sandbox'; sandbox: LocalSandbox }
  | { kind: 'checking'; baseUrl: string | undefined }
  | { kind: 'remote'; baseUrl: string; environments: EnvType[] };

export class Connection implements vscode.Disposable {
  private saved: Saved | undefined;
  /** Until the start's `restore` has run: the saved connection is shown meanwhile (`shown`). */
  private restoring = true;
  /** What a loopback API said it is (GET /_sandbox/info/), for a remote connection. */
  private remoteSandbox: LocalSandbox | undefined;
  private pendingWrites: Promise<void> = Promise.resolve();
  /** Counts our own SecretStorage writes: a read that started before one of them is older than memory. */
  private localWrites = 0;
  private readonly secrets = new Map<EnvType, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** `shown` may have changed: at every change, at the end of a restore, and when its probe finds no sandbox. */
  private readonly shownChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeShown = this.shownChanged.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.shownChanged, this.changed.event(() => this.shownChanged.fire())];
  /** Where the keys may go: a workspace's own API address only once the user confirmed it. */
  readonly address: ApiAddress;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sandbox: SandboxHost,
    private readonly log: Log,
  ) {
    this.address = new ApiAddress(context.globalState, () => this.environments.map(envLabel).join(', ') || vscode.l10n.t('your client id and secrets'));
    this.disposables.push(
      this.address,
      this.address.onDidConfirm(() => {
        if (this.saved?.mode === 'remote') void this.probeSandbox().then(() => this.changed.fire());
      }),
      sandbox.onDidChange((info) => {
        // The sandbox stopped under a sandbox connection: the connection goes with it.
        if (!info && this.saved?.mode === 'sandbox') void this.forget();
      }),
      // Another window changed a secret: take it (our own writes are already in memory).
      context.secrets.onDidChange((e) => {
        const env = e.key.startsWith(SECRET_KEY_PREFIX) ? e.key.slice(SECRET_KEY_PREFIX.length) : undefined;
        if (env && this.known.includes(env)) void this.reloadSecret(env);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affects(e, 'apiBaseUrl')) return;
        this.address.reset();
        if (this.saved?.mode === 'remote') void this.probeSandbox().then(() => this.changed.fire());
      }),
    );
  }

  get mode(): ConnectionMode | undefined {
    return this.saved?.mode;
  }

  /** The local sandbox this connection talks to — embedded, or a CLI one it was pointed at — or undefined. */
  get localSandbox(): LocalSandbox | undefined {
    if (this.saved?.mode === 'sandbox') {
      const info = this.sandbox.info();
      return info && { baseUrl: info.baseUrl, profile: info.profile, dataDir: info.dataDir, embedded: true };
    }
    return this.saved?.mode === 'remote' ? this.remoteSandbox : undefined;
  }

  /** A remote connection to a loopback URL: ask whether a local sandbox answers there (one sandbox, whichever). */
  private async probeSandbox(): Promise<void> {
    this.remoteSandbox = undefined;
    const baseUrl = this.baseUrl;
    const env = this.environments[0];
    this.probedUrl = undefined;
    if (this.saved?.mode !== 'remote' || !baseUrl || env === undefined || !isLoopbackHost(hostOf(baseUrl))) return;
    try {
      const info = await this.client(env)?.sandboxInfo();
      if (info) this.remoteSandbox = { baseUrl, profile: info.profile, dataDir: info.data_dir ?? undefined, embedded: false };
    } catch (e) {
      this.log.debug(`No local sandbox answers at ${baseUrl}: ${errorMessage(e)}`);
    }
    this.probedUrl = baseUrl;
    await this.setContext();
  }

  /** The loopback API address last asked whether it is a sandbox, once it answered (or did not). */
  private probedUrl: string | undefined;

  /**
   * A loopback API address not yet asked whether it is a sandbox (the `npm start` one, say): not an account until
   * the probe says (the walkthrough's last step ticks on an account).
   */
  private get maybeSandbox(): boolean {
    const url = this.baseUrl;
    return this.saved?.mode === 'remote' && url !== undefined && isLoopbackHost(hostOf(url)) && this.probedUrl !== url;
  }

  /**
   * The connection as the user is told of it. While the start restores the saved one, and until the probe says
   * whether a loopback API is a sandbox, the saved one as `announceSaved` guesses it: a start shows the sandbox being
   * checked, then the sandbox, not "not connected", then the API, then the sandbox.
   */
  get shown(): ShownConnection {
    const local = this.localSandbox;
    if (local) return { kind: 'sandbox', sandbox: local };
    const saved = this.saved ?? (this.restoring ? this.savedState() : undefined);
    if (!saved) return { kind: 'none' };
    if (saved.mode === 'sandbox') return { kind: 'checking', baseUrl: this.baseUrl };
    const baseUrl = this.baseUrlSetting;
    if (this.maybeSandbox || (!this.saved && isLoopbackHost(hostOf(baseUrl)))) return { kind: 'checking', baseUrl };
    return { kind: 'remote', baseUrl, environments: this.saved ? this.environments : knownOf(saved) };
  }

  /** Which account this is (mode, API address, client id): a change means another account's data. */
  identity(): string {
    return `${this.mode ?? 'none'}|${this.baseUrl ?? ''}|${this.clientId ?? ''}`;
  }

  /**
   * Which connection this is, for what is kept between sessions (the sidebar's snapshot): its mode, its client id
   * and, for the API, its address. Known at activation from what was saved, before the secrets are read.
   */
  snapshotKey(): string | undefined {
    const saved = this.saved ?? this.savedState();
    if (!saved) return undefined;
    return saved.mode === 'sandbox' ? `sandbox ${saved.clientId}` : `remote ${saved.clientId} ${this.baseUrlSetting}`;
  }

  /** The connection saved in globalState, when it is one (its shape checked: it was written by any version). */
  private savedState(): Saved | undefined {
    return savedConnection(this.context.globalState);
  }

  /**
   * At activation, before the connection is restored: the context keys of the one that was saved. Each change of
   * a context key re-renders the views' rows; set now, while the tree is empty, the restore changes none of them.
   */
  announceSaved(): void {
    const saved = this.savedState();
    if (!saved) return;
    void setContextKey(CONTEXT.connected, true);
    void setContextKey(CONTEXT.connectionMode, saved.mode);
    // A loopback API is most likely a sandbox (the probe after the restore says for sure): as the status bar shows it.
    const shown = this.shown.kind;
    void setContextKey(CONTEXT.localSandbox, shown === 'checking' || shown === 'sandbox');
  }

  get clientId(): string | undefined {
    return this.saved?.clientId;
  }

  get baseUrl(): string | undefined {
    if (!this.saved) return undefined;
    if (this.saved.mode === 'sandbox') return this.sandbox.running?.baseUrl;
    return this.baseUrlSetting;
  }

  /**
   * The API address keys are sent to: the setting, except an address a workspace chose that the user has not
   * confirmed (then the user's own, and the user is asked when a remote connection would use it).
   */
  get baseUrlSetting(): string {
    return this.address.current(this.saved?.mode === 'remote');
  }

  /** Every environment this connection knows (connected to, or given a secret later), in order. */
  private get known(): EnvType[] {
    return knownOf(this.saved);
  }

  /** Environments with a secret, in the order they were connected. */
  get environments(): EnvType[] {
    return this.known.filter((e) => this.secrets.has(e));
  }

  hasSecret(env: EnvType): boolean {
    return this.secrets.has(env);
  }

  /** The environment's secret, for signing replays (never logged, never sent to a webview). */
  secret(env: EnvType): string | undefined {
    return this.secrets.get(env);
  }

  /**
   * How deliveries are signed for this connection (replay, cURL, Listen, receiver tests): as the platform it talks
   * to signs — bare hex for Transcrypts, `v1=` for a sandbox on the Truv profile — unless
   * `transcrypts.signatureFormat` forces one form.
   */
  signatureFormat(): SignatureFormat {
    return signingFormat(setting('signatureFormat'), this.localSandbox?.profile);
  }

  /** A client for `env`, or undefined when that environment has no secret. Throws on a bad base URL. */
  client(env: EnvType): TranscryptsClient | undefined {
    const secret = this.secrets.get(env);
    const baseUrl = this.baseUrl;
    if (!secret || !baseUrl || !this.saved) return undefined;
    const timeoutMs = setting('requestTimeoutSeconds') * 1000;
    return new TranscryptsClient({
      baseUrl,
      clientId: this.saved.clientId,
      secret,
      env,
      timeoutMs,
      userAgent: `transcrypts-vscode/${String(this.context.extension.packageJSON.version)}`,
      onAttempt: (a) =>
        this.log.debug(`${a.method} ${a.path} → ${a.status ?? a.error ?? '?'} in ${a.ms} ms${a.attempt > 0 ? ` (retry ${a.attempt})` : ''} [${env}]`),
    });
  }

  /**
   * At the very start of activation: the saved remote connection's secrets, asked for now (or already, by the entry
   * point before the bundle ran: `early`), so that the round trips to SecretStorage run while the rest of the
   * extension loads and is wired; `restore` takes them.
   */
  readSavedSecrets(early?: SecretsRead): void {
    this.early = early ?? readSavedSecrets(this.context.globalState, this.context.secrets);
  }

  private early: SecretsRead | undefined;

  /**
   * Restore the saved connection at activation (restarting the sandbox in sandbox mode). A remote loopback API is
   * asked whether it is a sandbox once `probeAfter` settles (the start-up's: the sidebar's first rows).
   */
  async restore(probeAfter: Promise<unknown> = Promise.resolve()): Promise<void> {
    try {
      await this.restoreSaved(probeAfter);
    } finally {
      // The saved connection as shown meanwhile gives way to what was restored (none, if it could not be; its
      // environments with a secret). The status bar's update sends nothing when its text stays the same.
      this.restoring = false;
      this.shownChanged.fire();
    }
  }

  private async restoreSaved(probeAfter: Promise<unknown>): Promise<void> {
    const saved = this.savedState();
    if (!saved) {
      await this.setContext();
      return;
    }
    if (saved.mode === 'sandbox') {
      try {
        await this.useSandbox();
      } catch (e) {
        this.log.error('Could not restart the local sandbox of the saved connection', e);
        await this.setContext();
      }
      return;
    }
    this.saved = saved;
    // What a probe found before is asked again (below); the guess stands meanwhile.
    this.remoteSandbox = undefined;
    this.probedUrl = undefined;
    await this.reloadSecrets();
    // The lists do not wait for the probe (a loopback API address only: is it a sandbox?), nor share the extension
    // host and the server with it on the way to the first paint; until it answers, `announceSaved`'s guess stands.
    // When it finds one, the change is told again (the status bar, Production's tooltip, signing); when it finds
    // none, only the status bar changes (from the sandbox being checked to the API).
    void probeAfter.then(() => this.probeSandbox()).then(() => (this.remoteSandbox ? this.changed.fire() : this.shownChanged.fire()));
    this.log.info(`Restored the connection to ${this.baseUrl ?? '?'} (${this.environments.join(', ') || 'no secrets'}).`);
  }

  async useSandbox(): Promise<void> {
    const s = await this.sandbox.start();
    if (this.saved?.mode === 'remote') await this.clearSecrets();
    this.saved = { mode: 'sandbox', clientId: s.credentials.clientId, environments: Object.keys(s.credentials.secrets) };
    await this.persist(s.credentials.secrets);
    this.log.info(`Connected to the local sandbox at ${s.baseUrl}.`);
  }

  /** Connect to the API with these keys (already checked by the caller). */
  async connectRemote(clientId: string, secrets: Partial<Record<EnvType, string>>): Promise<void> {
    if (this.saved?.mode === 'sandbox') await this.clearSecrets();
    this.saved = { mode: 'remote', clientId, environments: Object.keys(secrets) };
    await this.persist(secrets);
    await this.probeSandbox();
    this.changed.fire();
    this.log.info(`Connected to ${this.baseUrl ?? '?'} (${this.environments.join(', ')}).`);
  }

  async setSecret(env: EnvType, secret: string): Promise<void> {
    if (this.saved && !this.known.includes(env)) {
      this.saved = { ...this.saved, environments: [...this.known, env] };
      await this.context.globalState.update(STATE_KEY, this.saved);
    }
    await this.storeSecrets({ [env]: secret });
    this.changed.fire();
  }

  /**
   * The connection is usable from memory at once (the view loads at once); the SecretStorage and globalState
   * writes run in parallel behind it (SecretStorage is a round trip per key, slow in a browser). A failed write
   * is logged and said: the connection works now but will be asked for again after a reload.
   */
  private async persist(secrets: Partial<Record<EnvType, string>>): Promise<void> {
    this.pendingWrites = Promise.all([this.storeSecrets(secrets), this.context.globalState.update(STATE_KEY, this.saved)])
      .then(() => undefined)
      .catch((e: unknown) => {
        this.log.error('Could not store the connection', e);
        void vscode.window.showWarningMessage(vscode.l10n.t('The connection works, but VS Code could not store it: it will be asked for again after a reload.'));
      });
    await this.setContext();
    this.changed.fire();
  }

  /** Resolves when the last connection writes are stored (tests, sign-out). */
  flushed(): Promise<void> {
    return this.pendingWrites;
  }

  /** Keep in memory at once, and in SecretStorage (writes in parallel). */
  private async storeSecrets(secrets: Partial<Record<EnvType, string>>): Promise<void> {
    this.localWrites++;
    const writes: Array<Thenable<void>> = [];
    for (const [env, value] of Object.entries(secrets)) {
      if (!value) continue;
      this.secrets.set(env, value);
      this.log.redactor.add(value);
      writes.push(this.context.secrets.store(secretKey(env), value));
    }
    await Promise.all(writes);
  }

  /** Sign out: forget the secrets and the connection. */
  async forget(): Promise<void> {
    await this.pendingWrites;
    await this.clearSecrets();
    this.saved = undefined;
    await this.context.globalState.update(STATE_KEY, undefined);
    await this.setContext();
    this.changed.fire();
    this.log.info('Signed out: the secrets are forgotten.');
  }

  private async clearSecrets(): Promise<void> {
    this.localWrites++;
    const envs = [...new Set([...this.secrets.keys(), ...this.known, ...LEGACY_ENVS])];
    for (const value of this.secrets.values()) this.log.redactor.remove(value);
    this.secrets.clear();
    await Promise.all(envs.map((env) => this.context.secrets.delete(secretKey(env))));
  }

  private async reloadSecrets(): Promise<void> {
    if (!this.saved) return;
    const envs = this.known;
    const early = this.early?.envs.join('\n') === envs.join('\n') ? this.early.values : undefined;
    this.early = undefined;
    const values = await (early ?? secretsOf(this.context.secrets, envs));
    envs.forEach((env, i) => this.take(env, values[i]));
    // Not waited for: the lists need the secrets, not the context keys (sent in order all the same).
    void this.setContext().catch((e: unknown) => this.log.error('Setting the context keys failed', e));
    this.changed.fire();
  }

  private async reloadSecret(env: EnvType): Promise<void> {
    // The event may be our own sign-out's delete, arriving after a new connection stored its secret: read what is
    // stored once our writes landed, not before (it would take the new secret away).
    await this.pendingWrites;
    const at = this.localWrites;
    if (!this.saved) return;
    const value = await this.context.secrets.get(secretKey(env));
    // Our own write since the read was asked for is newer than what it read.
    if (at !== this.localWrites || value === this.secrets.get(env)) return;
    this.take(env, value);
    this.changed.fire();
  }

  private take(env: EnvType, value: string | undefined): void {
    if (value) {
      this.secrets.set(env, value);
      this.log.redactor.add(value);
    } else this.secrets.delete(env);
  }

  private async setContext(): Promise<void> {
    await setContextKey(CONTEXT.connected, this.saved !== undefined);
    await setContextKey(CONTEXT.connectionMode, this.saved?.mode ?? 'none');
    // Until the probe answers, a loopback API stays what `announceSaved` guessed (a sandbox): not false, then true.
    await setContextKey(CONTEXT.localSandbox, this.localSandbox !== undefined || this.maybeSandbox);
    if (!this.maybeSandbox) await setContextKey(CONTEXT.accountConnected, this.saved?.mode === 'remote' && this.localSandbox === undefined);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

/** The host name of a URL, or '' when it is not one (a bad setting is reported where it is used). */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
