/**
 * History panels: one per scope (an environment, or a configuration: rows whose webhook_url matches, in its
 * environment). The host holds the keys and the rows; the webview asks for pages and actions, each request with
 * an id and one typed reply. A serializer brings a panel back after a reload with its scope, filters and selection.
 * This file is the panel's lifecycle and message dispatch; each concern has its module: paging, replay, compare,
 * fixtures.
 */
import vscode = require('vscode');
import { EVENT_TYPES } from '../../core/events';
import { parsePanelState } from '../../shared/state';
import { toListRow, type ActionRequest, type HistoryScope, type HostToWebview, type PanelState, type Row, type WebviewToHost } from '../../shared/protocol';
import { describe, isCancellation, reportError } from '../platform/errors';
import { DELIVERY_ACTIONS } from './actions';
import { historyHtml } from './html';
import { HistoryPaging } from './paging';
import type { PanelDeps, Session } from './session';
import { initialState, isFiltered, panelTitle, scopeKey } from './state';

export type { PanelDeps } from './session';
export { panelTitle, scopeKey } from './state';

export const HISTORY_VIEW_TYPE = 'transcrypts.history';

export class HistoryPanels implements vscode.WebviewPanelSerializer<unknown>, vscode.Disposable {
  private readonly panels = new Map<string, HistoryPanel>();
  private readonly registration: vscode.Disposable;

  private readonly connectionChanges: vscode.Disposable;

  constructor(private readonly deps: PanelDeps) {
    this.registration = vscode.window.registerWebviewPanelSerializer(HISTORY_VIEW_TYPE, this);
    this.connectionChanges = deps.connection.onDidChange(() => {
      for (const p of this.panels.values()) p.connectionChanged();
    });
  }

  open(scope: HistoryScope): HistoryPanel {
    const existing = this.panels.get(scopeKey(scope));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(HISTORY_VIEW_TYPE, panelTitle(scope), vscode.ViewColumn.Active, this.options());
    return this.track(new HistoryPanel(panel, initialState(scope), this.deps));
  }

  /** After a reload: the state the webview kept, validated; a panel without a valid scope closes. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const restored = parsePanelState(state);
    if (!restored) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.track(new HistoryPanel(panel, restored, this.deps));
  }

  get openPanels(): HistoryPanel[] {
    return [...this.panels.values()];
  }

  private track(p: HistoryPanel): HistoryPanel {
    const key = scopeKey(p.state.scope);
    this.panels.get(key)?.dispose();
    this.panels.set(key, p);
    p.onDidDispose(() => {
      if (this.panels.get(key) === p) this.panels.delete(key);
    });
    return p;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const root = this.deps.extensionUri;
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
      retainContextWhenHidden: false,
      enableFindWidget: true,
    };
  }

  dispose(): void {
    this.registration.dispose();
    this.connectionChanges.dispose();
    for (const p of this.panels.values()) p.dispose();
  }
}

export class HistoryPanel implements vscode.Disposable {
  private readonly paging = new HistoryPaging(() => this.session);
  private ready = false;
  private pendingReveal: string | undefined;
  /** Which connection the loaded rows come from. */
  private connection: string;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public state: PanelState,
    private readonly deps: PanelDeps,
  ) {
    this.connection = deps.connection.identity();
    panel.iconPath = { light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'history-light.svg'), dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'history-dark.svg') };
    panel.title = panelTitle(state.scope);
    panel.webview.html = historyHtml(panel.webview, deps.extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    // A delivery Listen forwards while its row is shown: the receiver's answer appears in its detail.
    if (deps.forwards) {
      this.disposables.push(
        deps.forwards.onDidForward((f) => {
          if (f.env !== this.state.scope.env || !this.ready) return;
          for (const row of this.paging.rows.values()) if (row.webhook_id === f.deliveryId) this.post({ type: 'replayResult', key: row.key, url: f.url, result: f.result, via: 'listen' });
        }),
      );
    }
  }

  /** Select a delivery (a listening terminal's link): once the panel is ready, and after loading when needed. */
  revealDelivery(deliveryId: string): void {
    this.reveal();
    if (this.ready) this.post({ type: 'reveal', webhookId: deliveryId });
    else this.pendingReveal = deliveryId;
  }

  private get session(): Session {
    return { deps: this.deps, scope: this.state.scope, rows: this.paging.rows };
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Another connection (signed out, another sandbox or account): the rows shown are not its; load again. */
  connectionChanged(): void {
    const now = this.deps.connection.identity();
    if (now === this.connection) return;
    this.connection = now;
    if (!this.ready) return;
    this.paging.dispose();
    this.post({ type: 'reload', message: vscode.l10n.t('The connection changed: the deliveries are loaded again from the new one.') });
  }

  /** The rows loaded so far, in arrival order (what the webview lists before its local filters). */
  get loadedRows(): readonly Row[] {
    return [...this.paging.rows.values()];
  }

  get isReady(): boolean {
    return this.ready;
  }

  private post(m: HostToWebview): void {
    void this.panel.webview.postMessage(m);
    // Rows Listen forwarded in this window carry the local receiver's answer.
    const forwards = this.deps.forwards;
    if (forwards && (m.type === 'rows' || m.type === 'newRows')) {
      for (const row of m.rows) {
        const f = forwards.resultFor(this.state.scope.env, row.webhook_id);
        if (f) void this.panel.webview.postMessage({ type: 'replayResult', key: row.key, url: f.url, result: f.result, via: 'listen' } satisfies HostToWebview);
      }
    }
  }

  /**
   * Every message from the webview enters here. The error boundary: whatever a handler throws becomes a failed
   * reply and one report, never an unhandled rejection.
   */
  async receive(raw: unknown): Promise<void> {
    const m = raw as WebviewToHost;
    if (typeof m !== 'object' || m === null || typeof m.type !== 'string') return;
    try {
      await this.dispatch(m);
    } catch (e) {
      const requestId = 'requestId' in m && typeof m.requestId === 'number' ? m.requestId : undefined;
      if (requestId !== undefined) this.post({ type: 'reply', requestId, ok: false, message: this.deps.log.redactor.redact(describe(e)) });
      if (!isCancellation(e)) void reportError(this.deps.log, e, { what: vscode.l10n.t('The history panel could not do that') });
    }
  }

  private async dispatch(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'init', state: this.state, eventTypes: EVENT_TYPES });
        if (this.pendingReveal !== undefined) this.post({ type: 'reveal', webhookId: this.pendingReveal });
        this.pendingReveal = undefined;
        return;
      case 'state': {
        // Only the validated part of what the webview sends is kept; its scope never changes.
        const valid = parsePanelState({ ...(typeof m.state === 'object' ? m.state : {}), scope: this.state.scope });
        if (valid) this.state = valid;
        this.panel.title = panelTitle(this.state.scope, isFiltered(this.state));
        return;
      }
      case 'load': {
        const reply = await this.paging.load(m.requestId, m.filters, m.more);
        if (reply) this.post(reply.type === 'rows' ? { ...reply, rows: reply.rows.map(toListRow) } : reply);
        return;
      }
      case 'cancel':
        return this.paging.cancel(m.requestId);
      case 'poll': {
        const rows = await this.paging.poll(m.filters);
        if (rows) this.post({ type: 'newRows', rows: rows.map(toListRow) });
        return;
      }
      default:
        return this.act(m);
    }
  }

  /** An action on deliveries (the table the palette uses too), answered with one reply; failures throw to the boundary. */
  private async act(m: ActionRequest): Promise<void> {
    const keys = 'keys' in m ? m.keys : [m.key];
    const result = await DELIVERY_ACTIONS[m.type](this.session, keys, {
      askFormat: m.type === 'saveFixtures' && m.askFormat === true,
      // Each replay's answer shows beside its delivery as it arrives.
      onAnswer: (a) => this.post({ type: 'replayResult', key: a.key, url: a.url, result: a.result }),
    });
    this.post({ type: 'reply', requestId: m.requestId, ok: true, message: result.message });
  }

  dispose(): void {
    this.paging.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
