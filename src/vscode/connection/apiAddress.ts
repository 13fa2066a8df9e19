/**
 * Where the keys go: `transcrypts.apiBaseUrl`, but an address a workspace's settings chose (`.vscode/settings.json`,
 * a folder's settings) only once the user has confirmed sending their keys there — a cloned repository must not be
 * able to collect them. Until then the user's own setting (or the default) is used, and the user is asked once;
 * the answer is remembered per address in the user's global state.
 */
import vscode = require('vscode');
import { setting, settingLevels } from '../platform/settings/read';
import { STATE_KEYS } from '../platform/stateKeys';

/** globalState: the API addresses chosen by a workspace that the user agreed to send their keys to. */
export const CONFIRMED_API_URLS_KEY = STATE_KEYS.confirmedApiUrls;

export class ApiAddress implements vscode.Disposable {
  private asking: Promise<boolean> | undefined;
  /** Addresses declined in this session: not asked again until the setting changes. */
  private readonly declined = new Set<string>();
  private readonly confirmed = new vscode.EventEmitter<string>();
  /** A workspace's address was confirmed: clients made from now on use it. */
  readonly onDidConfirm = this.confirmed.event;

  /**
   * The setting's levels, read once per change of it (`reset`): every client made (each list, page and call) asks
   * for the address, and a setting's inspection costs far more than a field.
   */
  private levels: { workspace: string | undefined; user: string; value: string } | undefined;

  constructor(
    private readonly globalState: vscode.Memento,
    /** The environments whose keys would be sent, for the question ("Development and Production"). */
    private readonly keysOf: () => string,
  ) {}

  private read(): { workspace: string | undefined; user: string; value: string } {
    if (!this.levels) {
      const { user, workspace } = settingLevels('apiBaseUrl');
      const value = setting('apiBaseUrl');
      this.levels = { workspace, user: user || value, value };
    }
    return this.levels;
  }

  /** The address a workspace's settings chose, when it differs from the user's own; undefined otherwise. */
  workspaceChoice(): string | undefined {
    const { workspace, user } = this.read();
    return workspace && workspace !== user ? workspace : undefined;
  }

  /** The user's own address: the user setting, else the default. */
  userChoice(): string {
    return this.read().user;
  }

  isConfirmed(url: string): boolean {
    return (this.globalState.get<string[]>(CONFIRMED_API_URLS_KEY) ?? []).includes(url);
  }

  /**
   * The address keys may be sent to now. A workspace's unconfirmed choice is not: the user's own is returned, and
   * the user is asked (once; `ask: false` only reads).
   */
  current(ask = true): string {
    const chosen = this.workspaceChoice();
    if (chosen === undefined || this.isConfirmed(chosen)) return this.read().value;
    if (ask && !this.declined.has(chosen)) void this.confirm(chosen);
    return this.userChoice();
  }

  /** Asks whether to send the keys to the workspace's address (one question at a time); true when agreed. */
  confirm(url: string, modal = false): Promise<boolean> {
    this.asking ??= this.ask(url, modal).finally(() => (this.asking = undefined));
    return this.asking;
  }

  private async ask(url: string, modal: boolean): Promise<boolean> {
    const send = vscode.l10n.t('Send Keys to This Address');
    const keep = vscode.l10n.t('Keep {0}', this.userChoice());
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t('This workspace\'s settings send your Transcrypts keys ({0}) to {1}. Send them there?', this.keysOf(), url),
      { modal, detail: vscode.l10n.t('Until you agree, the extension talks to {0}, your own setting. Your answer is remembered for this address.', this.userChoice()) },
      send,
      keep,
    );
    if (picked !== send) {
      this.declined.add(url);
      return false;
    }
    await this.globalState.update(CONFIRMED_API_URLS_KEY, [...(this.globalState.get<string[]>(CONFIRMED_API_URLS_KEY) ?? []), url]);
    this.confirmed.fire(url);
    return true;
  }

  /** The setting changed: its levels are read again, and a declined address may be asked about again. */
  reset(): void {
    this.levels = undefined;
    this.declined.clear();
  }

  dispose(): void {
    this.confirmed.dispose();
  }
}
