/**
 * The listening sessions: at most one per environment, each a core `Listener` printing to its `ListenTerminal`.
 * Keeps the last position per connection, environment and configuration (resume), the sessions to restore after a
 * reload, and the receiver's latest answer per delivery (the history panel shows it beside the platform's).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import vscode = require('vscode');
import { FORWARDED_HEADER, HEADER_BEGINS, HEADER_ENDS, printable, isListenPosition, Listener, forwardLine, pollErrorLine, type ForwardedEvent, type ListenPosition } from '../../core/listen';
import { envLabel, type EnvType } from '../../core/model';
import type { ReplayResult } from '../../shared/protocol';
import type { Connection } from '../connection/connection';
import type { Log } from '../platform/log';
import type { ReplaySecret } from '../signature/replaySecret';
import { setting } from '../platform/settings/read';
import { confirmProduction, type ListenRequest } from './request';
import { ListenTerminal, type ListenHost } from './terminal';
import { errorMessage } from '../../shared/errorMessage';
import { STATE_KEYS } from '../platform/stateKeys';

const POSITIONS_KEY = STATE_KEYS.listenPositions;
const ACTIVE_KEY = STATE_KEYS.listenActive;
const MAX_POSITIONS = 20;
const MAX_RESULTS = 2000;
const SAVE_EVERY_MS = 250;


export interface ListenDeps {
  connection: Connection;
  replaySecret: ReplaySecret;
  log: Log;
  workspaceState: vscode.Memento;
  /**
   * Where positions are written, at once and with Node's fs (this workspace's storage folder): a window reloading in
   * a browser ends the extension host without its last workspaceState updates reaching the browser's storage.
   * Undefined (no file system folder): workspaceState.
   */
  positionsFile?: string;
}

export interface ListenSession {
  readonly request: ListenRequest;
  readonly terminal: ListenTerminal;
  readonly listener: Listener;
  readonly key: string;
  forwarded: number;
  failed: number;
}

export interface ForwardResult {
  env: EnvType;
  deliveryId: string;
  url: string;
  result: ReplayResult;
}

/** Why listening on `env` is refused now (the same rules for commands and tasks), or undefined. */
export function listenRefusal(connection: Connection, env: EnvType): string | undefined {
  if (!connection.mode) return vscode.l10n.t('Not connected: use the local sandbox or connect to Transcrypts first.');
  if (!connection.hasSecret(env)) return vscode.l10n.t('There is no {0} secret: set it first (Set Environment Secret…).', envLabel(env));
  if (env === 'prod' && setting('production.readOnly')) {
    return vscode.l10n.t('Production is read-only here (setting "transcrypts.production.readOnly"): nothing is forwarded from it.');
  }
  if (env === 'prod' && !setting('listen.allowProduction')) {
    return vscode.l10n.t('Forwarding production deliveries is off (setting "transcrypts.listen.allowProduction").');
  }
  return undefined;
}

export class Listening implements ListenHost, vscode.Disposable {
  private readonly sessions = new Map<EnvType, ListenSession>();
  private readonly results = new Map<string, ForwardResult>();
  private readonly changes = new vscode.EventEmitter<void>();
  private readonly forwards = new vscode.EventEmitter<ForwardResult>();
  readonly onDidChange = this.changes.event;
  readonly onDidForward = this.forwards.event;
  private readonly saveTimers = new Map<string, NodeJS.Timeout>();
  private readonly terminals = new Map<ListenTerminal, vscode.Terminal>();
  /** Every listening terminal still open (commands' and tasks'). */
  private readonly ptys = new Set<ListenTerminal>();
  private disposed = false;

  private markRestored: () => void = () => undefined;
  /** Resolves once the connection of the last session is restored (a task may start before). */
  private readonly restored = new Promise<void>((resolve) => (this.markRestored = resolve));

  constructor(private readonly deps: ListenDeps) {}

  /** The connection is restored: waiting sessions start, and those on before a reload start again. */
  connectionRestored(): void {
    this.markRestored();
    this.restoreSessions();
  }

  get all(): ListenSession[] {
    return [...this.sessions.values()];
  }

  session(env: EnvType): ListenSession | undefined {
    return this.sessions.get(env);
  }

  /** The listening terminal that printed a delivery id (the link provider's question), of this window's terminals. */
  printedBy(deliveryId: string): ListenTerminal | undefined {
    for (const pty of this.ptys) if (pty.printed.has(deliveryId)) return pty;
    return undefined;
  }

  /** The receiver's latest answer to a delivery forwarded in this window. */
  resultFor(env: EnvType, deliveryId: string): ForwardResult | undefined {
    const r = this.results.get(deliveryId);
    return r && r.env === env ? r : undefined;
  }

  /** A command's session: a new terminal in the panel, shown without taking the focus; it starts on open. */
  open(request: ListenRequest): vscode.Terminal {
    const pty = new ListenTerminal(this, request, false);
    this.ptys.add(pty);
    const terminal = vscode.window.createTerminal({ name: terminalName(request.env), pty, iconPath: new vscode.ThemeIcon('radio-tower'), isTransient: true });
    this.terminals.set(pty, terminal);
    terminal.show(true);
    return terminal;
  }

  /** A task's terminal (CustomExecution): VS Code creates the terminal itself. */
  forTask(request: ListenRequest): ListenTerminal {
    const pty = new ListenTerminal(this, request, true);
    this.ptys.add(pty);
    return pty;
  }

  /** Show the terminal of an environment's session, when it has one of its own (a task's is VS Code's). */
  show(env: EnvType): boolean {
    const s = this.sessions.get(env);
    const t = s && this.terminals.get(s.terminal);
    t?.show();
    return t !== undefined;
  }

  async start(request: ListenRequest, terminal: ListenTerminal): Promise<void> {
    await this.restored;
    if (terminal.isEnded) return;
    const { connection } = this.deps;
    const env = request.env;
    const refusal = listenRefusal(connection, env);
    const client = connection.client(env);
    const signing = request.secret === 'workspace' ? await this.deps.replaySecret.get() : connection.secret(env);
    const problem =
      refusal ??
      (!client ? vscode.l10n.t('There is no {0} connection.', envLabel(env)) : undefined) ??
      (!signing ? vscode.l10n.t('There is no workspace test secret to sign with: set it (Set Replay Test Secret for This Workspace…) or sign with the environment\'s secret.') : undefined);
    if (problem || !client || !signing) {
      terminal.line(`\x1b[31m${problem ?? ''}\x1b[0m`);
      terminal.end(1);
      return;
    }
    // A task's production session asks here (a command asked before it opened the terminal).
    if (env === 'prod' && terminal.task && !(await confirmProduction(request.forwardTo, request.webhook?.name))) {
      terminal.line(vscode.l10n.t('Not confirmed: nothing is forwarded.'));
      terminal.end(1);
      return;
    }
    const previous = this.sessions.get(env);
    if (previous && previous.terminal !== terminal) await this.stop(env);
    const key = positionKey(connection, request);
    const saved = request.resume ? this.position(key) : undefined;
    const format = connection.signatureFormat();
    let listener: Listener;
    try {
      listener = new Listener({
        client,
        forwardTo: request.forwardTo,
        secret: signing,
        signatureFormat: format,
        events: request.events ? new Set(request.events) : undefined,
        webhookUrl: request.webhook?.url,
        since: saved ?? new Date(),
        intervalMs: setting('listen.intervalSeconds') * 1000,
        retry: setting('listen.retry'),
      });
    } catch (e) {
      terminal.line(`\x1b[31m${errorMessage(e)}\x1b[0m`);
      terminal.end(1);
      return;
    }
    // The terminal may have closed while this start waited (a question, the previous session's stop).
    if (terminal.isEnded) return;
    const session: ListenSession = { request, terminal, listener, key, forwarded: 0, failed: 0 };
    this.sessions.set(env, session);
    // Names and event types come from the server or a file: no control sequence reaches the terminal.
    const what = request.webhook ? vscode.l10n.t('{0} deliveries of "{1}"', printable(envLabel(env)), printable(request.webhook.name)) : vscode.l10n.t('{0} deliveries', printable(envLabel(env)));
    // The first and the last line of the header are not translated: the problem matcher `$transcrypts-listen`
    // (package.json) reads them to tell a preLaunchTask that the forwarding has started.
    terminal.line(`${HEADER_BEGINS}${printable(request.forwardTo)}`);
    terminal.line(vscode.l10n.t('Forwarding new {0} to {1}', what, request.forwardTo));
    terminal.line(
      vscode.l10n.t(
        'Signed with {0} ({1}) · events: {2} · every {3} s',
        request.secret === 'workspace' ? vscode.l10n.t('the workspace test secret') : vscode.l10n.t('the {0} secret', env),
        format === 'v1' ? 'v1=<hex>' : vscode.l10n.t('bare hex'),
        request.events ? printable(request.events.join(', ')) : vscode.l10n.t('all'),
        setting('listen.intervalSeconds'),
      ),
    );
    // The receiver can tell a forward from the platform's own delivery of the same event (m14).
    terminal.line(vscode.l10n.t('Each forward carries the header {0}: <delivery id>; deliveries straight from the platform do not.', FORWARDED_HEADER));
    terminal.line(saved ? vscode.l10n.t('Resuming where the last session stopped ({0}).', saved.watermark) : vscode.l10n.t('From now on.'));
    terminal.line(`${HEADER_ENDS}${vscode.l10n.t('Listening. Ctrl+C stops.')}`);
    terminal.line();
    listener.on('forwarded', (e) => this.forwarded(session, e));
    listener.on('poll-error', (e) => {
      terminal.line(pollErrorLine(e, new Date()));
      if (e.fatal) void this.stop(env, 1);
    });
    listener.start();
    if (!terminal.task) await this.setActive(request, true);
    this.deps.log.info(`Listening on ${env}${request.webhook ? ` (${request.webhook.name})` : ''}: forwarding to ${request.forwardTo}.`);
    this.changes.fire();
  }

  /** Stop the environment's session: its position is kept, its terminal says so (a task's ends). */
  async stop(env: EnvType, code = 0, closed = false): Promise<boolean> {
    const s = this.sessions.get(env);
    if (!s) return false;
    this.sessions.delete(env);
    await s.listener.stop();
    const timer = this.saveTimers.get(s.key);
    if (timer) clearTimeout(timer);
    this.saveTimers.delete(s.key);
    await this.savePosition(s);
    // A terminal closed by a closing window must not forget the session (it is restored after the reload): the
    // extension host ends before this timer when the window closes; a terminal the user closed is forgotten.
    if (!s.terminal.task && closed) setTimeout(() => !this.disposed && void this.setActive(s.request, false), 1000);
    else if (!s.terminal.task) await this.setActive(s.request, false);
    s.terminal.line();
    s.terminal.line(vscode.l10n.t('Stopped: {0} forwarded, {1} failed.', s.forwarded, s.failed));
    s.terminal.end(code);
    this.deps.log.info(`Listening on ${env} stopped: ${s.forwarded} forwarded, ${s.failed} failed.`);
    this.changes.fire();
    return true;
  }

  async stopFrom(terminal: ListenTerminal, closed = false): Promise<void> {
    const s = [...this.sessions.values()].find((x) => x.terminal === terminal);
    if (s) await this.stop(s.request.env, 0, closed);
    else if (!closed) terminal.end(0);
  }

  closed(terminal: ListenTerminal): Promise<void> {
    this.terminals.delete(terminal);
    this.ptys.delete(terminal);
    return this.stopFrom(terminal, true);
  }

  /** The sessions to start again after a reload (commands' sessions, not tasks'), when the setting allows it. */
  private restoreSessions(): void {
    if (!setting('listen.restoreOnReload')) return;
    for (const r of this.active()) if (!this.sessions.has(r.env)) this.open({ ...r, resume: true });
  }

  /** The saved position of a scope (resume), or undefined. */
  savedPosition(request: Pick<ListenRequest, 'env' | 'webhook'>): ListenPosition | undefined {
    return this.position(positionKey(this.deps.connection, request));
  }

  private forwarded(s: ListenSession, e: ForwardedEvent): void {
    s.terminal.line(forwardLine(e, new Date()));
    s.terminal.remember(e.deliveryId);
    if (e.ok) s.forwarded++;
    else if (e.retryInMs === undefined) s.failed++;
    const result: ReplayResult = e.answer && e.status !== undefined ? { ok: true, status: e.status, ms: e.ms, ...e.answer } : { ok: false, error: e.error ?? '', ms: e.ms };
    const r: ForwardResult = { env: s.request.env, deliveryId: e.deliveryId, url: s.request.forwardTo, result };
    this.results.delete(e.deliveryId);
    this.results.set(e.deliveryId, r);
    if (this.results.size > MAX_RESULTS) this.results.delete(this.results.keys().next().value as string);
    this.forwards.fire(r);
    this.changes.fire();
    // Saved at the first forward, then at most once per SAVE_EVERY_MS: a window that reloads in a browser
    // (code-server) ends its extension host without a chance to write, so the position is kept current.
    if (!this.saveTimers.has(s.key)) {
      void this.savePosition(s);
      this.saveTimers.set(
        s.key,
        setTimeout(() => {
          this.saveTimers.delete(s.key);
          void this.savePosition(s);
        }, SAVE_EVERY_MS),
      );
    }
  }

  /** The window closes or reloads (deactivate): every session's position is written before the host ends. */
  async flush(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.savePosition(s)));
  }

  private position(key: string): ListenPosition | undefined {
    const p = this.positions()[key];
    return isListenPosition(p) ? p : undefined;
  }

  private positions(): Record<string, unknown> {
    const file = this.deps.positionsFile;
    if (!file) return this.deps.workspaceState.get<Record<string, unknown>>(POSITIONS_KEY) ?? {};
    try {
      const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      // None yet, or unreadable: start from nothing (the sessions then start from now).
      return {};
    }
  }

  private async savePosition(s: ListenSession): Promise<void> {
    const all = { ...this.positions() };
    delete all[s.key];
    all[s.key] = s.listener.position();
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_POSITIONS))) delete all[k];
    const file = this.deps.positionsFile;
    if (!file) return this.deps.workspaceState.update(POSITIONS_KEY, all);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(all));
      fs.renameSync(tmp, file);
    } catch (e) {
      this.deps.log.warn(`Listen could not keep its position in ${file}: ${errorMessage(e)}`);
    }
  }

  private active(): ListenRequest[] {
    const v = this.deps.workspaceState.get<unknown>(ACTIVE_KEY);
    return Array.isArray(v) ? (v as unknown[]).filter(isRequest) : [];
  }

  private async setActive(r: ListenRequest, on: boolean): Promise<void> {
    const rest = this.active().filter((x) => x.env !== r.env);
    await this.deps.workspaceState.update(ACTIVE_KEY, on ? [...rest, r] : rest);
  }

  dispose(): void {
    // A reload or a closing window: the sessions end with the extension host, and stay listed for restoring.
    this.disposed = true;
    for (const t of this.saveTimers.values()) clearTimeout(t);
    for (const s of this.sessions.values()) {
      void this.savePosition(s);
      void s.listener.stop();
    }
    this.sessions.clear();
    this.changes.dispose();
    this.forwards.dispose();
  }
}

export function terminalName(env: EnvType): string {
  return vscode.l10n.t('Transcrypts Listen ({0})', env);
}

/**
 * Positions belong to one account (or local sandbox), environment and scope. A local sandbox is known by its keys,
 * not its address: the embedded one takes a free port at each start.
 */
function positionKey(c: Connection, r: Pick<ListenRequest, 'env' | 'webhook'>): string {
  return `${c.localSandbox ? 'sandbox:local' : (c.baseUrl ?? '')}|${c.clientId ?? ''}|${r.env}|${r.webhook?.url ?? '*'}`;
}

function isRequest(v: unknown): v is ListenRequest {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.env === 'string' && typeof r.forwardTo === 'string' && (r.secret === 'environment' || r.secret === 'workspace');
}
