import vscode = require('vscode');
import * as path from 'node:path';
import type * as EmbeddedSandbox from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { DEFAULT_PROFILE, PROFILE_NAMES } from '../../core/profiles';
import { CONTEXT } from '../platform/constants';
import type { Log } from '../platform/log';
import { rejected, setting } from '../platform/settings/read';
import { setContextKey } from '../platform/contextKeys';

export interface SandboxInfo {
  baseUrl: string;
  port: number;
  dataDir: string;
  profile: string;
}

/** The embedded sandbox, run inside the extension host on a loopback port, its data in global storage. */
export class SandboxHost implements vscode.Disposable {
  private sandbox: Sandbox | undefined;
  private runningDir = '';
  private starting: Promise<Sandbox> | undefined;
  private readonly changed = new vscode.EventEmitter<SandboxInfo | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: vscode.Uri,
    private readonly log: Log,
  ) {}

  get running(): Sandbox | undefined {
    return this.sandbox;
  }

  get dataDir(): string {
    return vscode.Uri.joinPath(this.storage, 'sandbox').fsPath;
  }

  /** The running sandbox, or a new one; one running another profile than the setting's is started again with it. */
  async start(): Promise<Sandbox> {
    const running = this.sandbox;
    const wanted = setting('sandbox.profile');
    if (running && running.profile.name !== wanted) {
      this.log.info(`The local sandbox runs the ${running.profile.name} profile and transcrypts.sandbox.profile says ${wanted}: starting it again with ${wanted}.`);
      await this.close(false);
    }
    if (this.sandbox) return this.sandbox;
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<Sandbox> {
    const port = setting('sandbox.port');
    const started = Date.now();
    const profile = setting('sandbox.profile');
    const refused = rejected('sandbox.profile');
    if (refused !== undefined) this.log.warn(`transcrypts.sandbox.profile is ${JSON.stringify(refused)}; using "${profile}" (${PROFILE_NAMES.join(' or ')}).`);
    // One data folder per profile: their ids, environments and secrets differ.
    const dataDir = profile === DEFAULT_PROFILE ? this.dataDir : `${this.dataDir}-${profile}`;
    const sandbox = await embeddedSandbox().startSandbox({ host: '127.0.0.1', port, dataDir, seed: true, profile });
    for (const secret of Object.values(sandbox.credentials.secrets)) this.log.redactor.add(secret);
    for (const w of sandbox.warnings) this.log.warn(w);
    this.sandbox = sandbox;
    this.runningDir = dataDir;
    this.log.info(`Local sandbox (${profile} profile) listening on ${sandbox.baseUrl} (data in ${dataDir}; ${sandbox.store.webhooks.size} configurations, ${sandbox.store.requests.length} history rows; started in ${Date.now() - started} ms)`);
    await setContextKey(CONTEXT.sandboxRunning, true);
    this.changed.fire(this.info());
    return sandbox;
  }

  info(): SandboxInfo | undefined {
    const s = this.sandbox;
    return s ? { baseUrl: s.baseUrl, port: s.port, dataDir: this.runningDir, profile: s.profile.name } : undefined;
  }

  async stop(): Promise<boolean> {
    return this.close(true);
  }

  /**
   * `told`: say that it stopped (a connection to it then goes). Started again with another profile, it is not told:
   * the connection would sign out under the restart; the start that follows says what runs.
   */
  private async close(told: boolean): Promise<boolean> {
    const s = this.sandbox ?? (this.starting ? await this.starting : undefined);
    if (!s) return false;
    this.sandbox = undefined;
    await s.close();
    this.log.info(`Local sandbox on port ${s.port} stopped.`);
    if (!told) return true;
    await setContextKey(CONTEXT.sandboxRunning, false);
    this.changed.fire(undefined);
    return true;
  }

  dispose(): void {
    void this.sandbox?.close();
    this.sandbox = undefined;
    this.changed.dispose();
  }
}

let loaded: typeof EmbeddedSandbox | undefined;

/**
 * The sandbox is its own bundle (dist/embedded-sandbox.js), required when it first starts rather than at
 * activation: a connection to a real account never loads it (it was ≈ 5 ms of the modules' evaluation).
 */
function embeddedSandbox(): typeof EmbeddedSandbox {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(__dirname, 'embedded-sandbox.js')) as typeof EmbeddedSandbox;
  return loaded;
}
