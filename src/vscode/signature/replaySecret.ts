/**
 * A test secret for replays, per workspace: the receiver under development may verify with its own secret rather
 * than the environment's. Kept in SecretStorage only (keyed by the workspace's identity), never logged.
 */
import { createHash } from 'node:crypto';
import vscode = require('vscode');
import type { EnvType } from '../../core/model';
import type { Connection } from '../connection/connection';
import type { Log } from '../platform/log';
import { REPLAY_SECRET_KEY_PREFIX } from '../platform/stateKeys';

export interface SigningSecret {
  secret: string;
  /** What signs, for messages: "the workspace test secret" or "the sandbox secret". */
  label: string;
}

export class ReplaySecret {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  /** One key per workspace (its file, or its folders), so two projects keep two secrets. */
  private key(): string {
    const ws = vscode.workspace;
    const identity = ws.workspaceFile?.toString() ?? (ws.workspaceFolders ?? []).map((f) => f.uri.toString()).join('\n');
    return `${REPLAY_SECRET_KEY_PREFIX}${createHash('sha256').update(identity || 'no-workspace').digest('hex').slice(0, 24)}`;
  }

  async get(): Promise<string | undefined> {
    const value = await this.secrets.get(this.key());
    this.log.redactor.add(value);
    return value || undefined;
  }

  async set(value: string): Promise<void> {
    this.log.redactor.add(value);
    await this.secrets.store(this.key(), value);
    this.log.info('Replays in this workspace are now signed with its test secret.');
  }

  async clear(): Promise<void> {
    this.log.redactor.remove(await this.secrets.get(this.key()));
    await this.secrets.delete(this.key());
    this.log.info('The workspace test secret is removed: replays are signed with the environment\'s secret.');
  }

  /** The workspace test secret when set, else the environment's secret; undefined when neither exists. */
  async signing(env: EnvType): Promise<SigningSecret | undefined> {
    const test = await this.get();
    if (test) return { secret: test, label: vscode.l10n.t('the workspace test secret') };
    const secret = this.connection.secret(env);
    return secret ? { secret, label: vscode.l10n.t('the {0} secret', env) } : undefined;
  }
}
