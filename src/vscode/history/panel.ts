/**
 * History panels: one per scope (an environment, or a configuration: rows whose webhook_url matches, in its
 * environment). The host holds the keys and the rows; the webview asks for pages. A serializer brings a panel
 * back after a reload with its scope, filters and selection.
 */
import * as vscode from 'vscode';
import { ApiError } from '../../core/api/errors';
import { canonicalJson } from '../../core/fixtures/canonical';
import { sanitizeSegment } from '../../core/fixtures/naming';
import { EVENT_TYPES, eventTimeOf } from '../../core/events';
import { LIMITS, webhookUrlProblem, type EnvType } from '../../core/model';
import { rowDeliveryId, rowEventName, type WebhookRequest } from '../../core/api/schemas';
import type { Catalog } from '../../core/webhooks/catalog';
import type { HistoryScope, HostToWebview, PanelState, Row, ServerFilters, WebviewToHost } from '../../shared/protocol';
import type { Connection } from '../connection';
import type { Log } from '../log';
import { buildReplay, curlCommand, sendReplay } from '../../core/replay/replay';
import { COMMANDS } from '../constants';
import type { SignatureFormat } from '../../core/signature';
import { saveFixtures } from '../fixtures/save';
import { historyHtml } from './html';
import type { PayloadDocuments } from './payloadDocuments';
import type { ReplaySecret } from '../replaySecret';
import { setting } from '../settings/read';

export const HISTORY_VIEW_TYPE = 'transcrypts.history';
/** Pages fetched per request at most while looking for rows of one configuration. */
const MAX_SCAN_PAGES = 20;

const REPLAY_URL_KEY = 'transcrypts.replayUrl';
const DEFAULT_REPLAY_URL = 'http://localhost:3000/';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  connection: Connection;
  catalog: Catalog;
  log: Log;
  payloads: PayloadDocuments;
  replaySecret: ReplaySecret;
}

export function scopeKey(s: HistoryScope): string {
  return s.webhookUrl ? `${s.env}|${s.webhookUrl}` : s.env;
}

export class HistoryPanels implements vscode.WebviewPanelSerializer<PanelState>, vscode.Disposable {
  private readonly panels = new Map<string, HistoryPanel>();
  private readonly registration: vscode.Disposable;

  constructor(private readonly deps: PanelDeps) {
    this.registration = vscode.window.registerWebviewPanelSerializer(HISTORY_VIEW_TYPE, this);
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

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const restored = parseState(state);
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
    for (const p of this.panels.values()) p.dispose();
  }
}

export class HistoryPanel implements vscode.Disposable {
  private readonly rows = new Map<number, Row>();
  private nextKey = 1;
  private link: string | undefined;
  private readonly inFlight = new Map<number, AbortController>();
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public state: PanelState,
    private readonly deps: PanelDeps,
  ) {
    panel.iconPath = { light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'history-light.svg'), dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'history-dark.svg') };
    panel.title = panelTitle(state.scope);
    panel.webview.html = historyHtml(panel.webview, deps.extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => void this.handle(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The rows loaded so far, in arrival order (what the webview lists before its local filters). */
  get loadedRows(): readonly Row[] {
    return [...this.rows.values()];
  }

  get isReady(): boolean {
    return this.ready;
  }

  private post(m: HostToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  private async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'init', state: this.state, eventTypes: EVENT_TYPES });
        return;
      case 'state':
        if (parseState(m.state)) this.state = m.state;
        this.panel.title = panelTitle(this.state.scope, this.isFiltered());
        return;
      case 'load':
        return this.load(m.requestId, m.filters, m.more);
      case 'cancel':
        this.inFlight.get(m.requestId)?.abort();
        return;
      case 'poll':
        return this.poll(m.filters);
      case 'copyPayload': {
        const row = this.rows.get(m.key);
        if (row) {
          await vscode.env.clipboard.writeText(JSON.stringify(row.payload, null, 2));
          void vscode.window.setStatusBarMessage('$(copy) Copied the payload', 3000);
        }
        return;
      }
      case 'openPayload': {
        const row = this.rows.get(m.key);
        if (row) await this.deps.payloads.open(`${sanitizeSegment(row.event_type)}-${sanitizeSegment(row.webhook_id)}`, row.payload);
        return;
      }
      case 'saveFixtures':
        return this.save(m.keys, m.askFormat === true);
      case 'replay':
        return this.replay(m.keys);
      case 'copyCurl':
        return this.copyCurl(m.key);
      case 'compare':
        return this.compare(m.key);
    }
  }

  private isFiltered(): boolean {
    const s = this.state;
    return Boolean(s.server.eventType || s.server.statusCode || s.server.from || s.server.to || s.local.statusClass || s.local.text);
  }

  /** One page for the webview: for a configuration, scan pages until some rows match its URL. */
  private async load(requestId: number, filters: ServerFilters, more: boolean): Promise<void> {
    const { env, webhookUrl } = this.state.scope;
    const client = this.deps.connection.client(env);
    if (!client) {
      this.post({ type: 'loadError', requestId, message: `There is no ${env} secret: connect, or add the ${env} secret, then Retry.`, retryable: true });
      return;
    }
    if (!more) {
      this.link = undefined;
      this.rows.clear();
    } else if (!this.link) {
      this.post({ type: 'rows', requestId, rows: [], append: true, hasMore: false });
      return;
    }
    const controller = new AbortController();
    this.inFlight.set(requestId, controller);
    const out: Row[] = [];
    try {
      let link = this.link;
      for (let i = 0; i < MAX_SCAN_PAGES; i++) {
        // The first page small (fast first paint), the following ones as large as the API allows.
        const size = more || i > 0 ? LIMITS.historyPageSizeMax : this.pageSize();
        const page = await client.historyPage(toApiFilters(filters, size), link, { signal: controller.signal });
        link = page.next ?? undefined;
        out.push(...this.toRows(page.results.filter((r) => !webhookUrl || r.webhook_url === webhookUrl)));
        if (out.length > 0 || !link) break;
      }
      this.link = link;
      this.post({ type: 'rows', requestId, rows: out, append: more, hasMore: link !== undefined });
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'cancelled') return;
      this.deps.log.error(`History of ${panelTitle(this.state.scope)} did not load`, e);
      const message = e instanceof Error ? this.deps.log.redactor.redact(e.message) : String(e);
      this.post({ type: 'loadError', requestId, message, retryable: !(e instanceof ApiError) || e.transient || e.kind === 'auth' });
    } finally {
      this.inFlight.delete(requestId);
    }
  }

  /** Auto-refresh: the first page again; the webview keeps only what is newer than its top row. */
  private async poll(filters: ServerFilters): Promise<void> {
    const client = this.deps.connection.client(this.state.scope.env);
    if (!client) return;
    try {
      const page = await client.historyPage(toApiFilters(filters, this.pageSize()));
      const url = this.state.scope.webhookUrl;
      this.post({ type: 'newRows', rows: this.toRows(page.results.filter((r) => !url || r.webhook_url === url)) });
    } catch (e) {
      this.deps.log.debug(`Auto-refresh of ${panelTitle(this.state.scope)} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private pageSize(): number {
    return setting('history.pageSize');
  }

  private toRows(results: WebhookRequest[]): Row[] {
    const names = new Map(this.deps.catalog.all().filter((w) => w.env_type === this.state.scope.env).map((w) => [w.webhook_url, w.name]));
    return results.map((r) => {
      // The payload names the delivery and its event ([seed]: the row's own values may differ; both are shown).
      const event = rowEventName(r);
      const id = rowDeliveryId(r);
      const row: Row = {
        key: this.nextKey++,
        webhook_id: id,
        event_type: event,
        ...(r.event_type !== '' && r.event_type !== event ? { rowEventType: r.event_type } : {}),
        ...(r.webhook_id !== '' && r.webhook_id !== id ? { rowWebhookId: r.webhook_id } : {}),
        event_created_at: r.event_created_at || (eventTimeOf(r.webhook_payload) ?? ''),
        status_code: r.status_code,
        error_message: r.error_message,
        webhook_url: r.webhook_url,
        configName: names.get(r.webhook_url),
        payload: r.webhook_payload,
      };
      this.rows.set(row.key, row);
      return row;
    });
  }

  /** What signs replays: the workspace test secret when set, else the environment's (as the receiver verifies real deliveries). */
  private async signing(): Promise<{ secret: string; label: string } | undefined> {
    const signing = await this.deps.replaySecret.signing(this.state.scope.env);
    if (!signing) {
      const c = await vscode.window.showWarningMessage(
        `There is no ${this.state.scope.env} secret to sign the replay with.`,
        'Set a Test Secret for This Workspace…',
      );
      if (c) await vscode.commands.executeCommand(COMMANDS.setReplaySecret);
    }
    return signing;
  }

  /** Replay to URL: one delivery or a selection (oldest first, one at a time), each answer next to its delivery. */
  private async replay(keys: number[]): Promise<void> {
    const rows = keys.flatMap((k) => this.rows.get(k) ?? []).sort((a, b) => Date.parse(a.event_created_at) - Date.parse(b.event_created_at));
    if (rows.length === 0) return;
    const signing = await this.signing();
    if (!signing) return;
    const remembered = this.deps.workspaceState.get<string>(REPLAY_URL_KEY, DEFAULT_REPLAY_URL);
    const url = await vscode.window.showInputBox({
      title: rows.length === 1 ? 'Replay to URL' : `Replay ${rows.length} deliveries to URL`,
      prompt: `POST the exact payload${rows.length === 1 ? '' : 's, oldest first,'} signed afresh with ${signing.label}`,
      value: remembered,
      ignoreFocusOut: true,
      validateInput: (v) => webhookUrlProblem(v.trim()),
    });
    if (!url) return;
    await this.deps.workspaceState.update(REPLAY_URL_KEY, url.trim());
    const counts = { accepted: 0, rejected: 0, failed: 0, cancelled: 0 };
    const one = async (row: Row): Promise<void> => {
      const req = buildReplay(row.payload, url.trim(), signing.secret, signatureFormat());
      const result = await sendReplay(req);
      if (!result.ok) counts.failed++;
      else if (result.status < 300) counts.accepted++;
      else counts.rejected++;
      this.deps.log.info(`Replayed delivery ${row.webhook_id} to ${req.url} (${signing.label}): ${result.ok ? `HTTP ${result.status}` : result.error} in ${result.ms} ms.`);
      this.post({ type: 'replayResult', key: row.key, url: req.url, result });
    };
    const [first] = rows;
    if (rows.length === 1 && first) return one(first);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Replaying ${rows.length} deliveries`, cancellable: true },
      async (progress, token) => {
        for (const [i, row] of rows.entries()) {
          if (token.isCancellationRequested) {
            counts.cancelled = rows.length - i;
            break;
          }
          await one(row);
          progress.report({ increment: 100 / rows.length, message: `${i + 1} of ${rows.length}` });
        }
      },
    );
    const summary = `Replayed ${rows.length - counts.cancelled} of ${rows.length} to ${url.trim()}: ${counts.accepted} accepted (2xx), ${counts.rejected} answered with an error status, ${counts.failed} without an answer${counts.cancelled ? `, ${counts.cancelled} cancelled` : ''}.`;
    this.post({ type: 'notice', message: summary });
    if (counts.rejected + counts.failed > 0) void vscode.window.showWarningMessage(summary);
    else void vscode.window.setStatusBarMessage(`$(check) ${summary}`, 6000);
  }

  private async copyCurl(key: number): Promise<void> {
    const row = this.rows.get(key);
    const signing = row && (await this.signing());
    if (!row || !signing) return;
    const req = buildReplay(row.payload, this.deps.workspaceState.get<string>(REPLAY_URL_KEY, DEFAULT_REPLAY_URL), signing.secret, signatureFormat());
    await vscode.env.clipboard.writeText(curlCommand(req));
    void vscode.window.setStatusBarMessage('$(copy) Copied as cURL (signed; the secret is not in it)', 4000);
  }

  /** Compare With…: another loaded delivery or a fixture file, keys in canonical order, in the diff editor. */
  private async compare(key: number): Promise<void> {
    const row = this.rows.get(key);
    if (!row) return;
    type Item = vscode.QuickPickItem & { other?: Row; file?: true };
    const items: Item[] = [{ label: '$(file) A fixture file…', description: 'JSON in the workspace', file: true }];
    items.push({ label: `Other ${row.event_type} deliveries`, kind: vscode.QuickPickItemKind.Separator });
    for (const other of this.rows.values()) {
      if (other.key === key || other.event_type !== row.event_type) continue;
      items.push({ label: other.event_created_at, description: `${other.status_code ?? 'no response'} · ${other.configName ?? other.webhook_url}`, detail: other.webhook_id, other });
      if (items.length > 200) break;
    }
    const picked = await vscode.window.showQuickPick(items, { title: `Compare ${row.event_type} ${row.webhook_id} with…`, matchOnDetail: true });
    if (!picked) return;
    const left = this.deps.payloads.register(`${sanitizeSegment(row.event_type)}-${sanitizeSegment(row.webhook_id)}`, canonicalJson(row.payload));
    let right: vscode.Uri;
    let rightName: string;
    if (picked.other) {
      rightName = picked.other.webhook_id;
      right = this.deps.payloads.register(`${sanitizeSegment(picked.other.event_type)}-${sanitizeSegment(picked.other.webhook_id)}`, canonicalJson(picked.other.payload));
    } else {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const files = await vscode.window.showOpenDialog({ defaultUri: folder, canSelectMany: false, filters: { JSON: ['json'] }, openLabel: 'Compare' });
      const file = files?.[0];
      if (!file) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
      } catch (e) {
        void vscode.window.showErrorMessage(`${file.fsPath} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      rightName = file.path.split('/').pop() ?? 'fixture';
      right = this.deps.payloads.register(`fixture-${sanitizeSegment(rightName)}`, canonicalJson(parsed));
    }
    await vscode.commands.executeCommand('vscode.diff', left, right, `${row.webhook_id} ↔ ${rightName} (keys sorted)`);
  }

  private async save(keys: number[], askFormat: boolean): Promise<void> {
    const rows = keys.map((k) => this.rows.get(k)).filter((r): r is Row => r !== undefined);
    try {
      // The loaded rows, newest first, are the real deliveries the types and schemas are merged from.
      const summary = await saveFixtures(rows, this.state.scope.env, this.deps.log, { askFormat, samples: [...this.rows.values()].reverse() });
      if (!summary) return;
      const n = summary.written.length;
      const parts = [`${n} ${summary.format === 'typescript' ? 'TypeScript ' : ''}fixture${n === 1 ? '' : 's'} written`];
      if (summary.renamed) parts.push(`${summary.renamed} with a numbered suffix (a different file had the name)`);
      if (summary.unchanged) {
        const as = summary.sameAs[0];
        parts.push(`${summary.unchanged} already saved, unchanged${as ? ` (as ${as.split('/').pop() ?? as}${summary.sameAs.length > 1 ? ` and ${summary.sameAs.length - 1} more numbered copies` : ''})` : ''}`);
      }
      if (summary.skipped) parts.push(`${summary.skipped} skipped`);
      if (summary.failed.length) parts.push(`${summary.failed.length} could not be written (${summary.failed[0]?.file ?? ''}: ${summary.failed[0]?.error ?? ''})`);
      if (summary.redacted) parts.push(`${summary.redacted} personal values redacted`);
      if (summary.replaced) parts.push(`${summary.replaced} invalid characters (lone surrogates) replaced by \uFFFD in the types`);
      if (summary.schemas.length) parts.push(`${summary.schemas.length} JSON Schema${summary.schemas.length === 1 ? '' : 's'} refreshed`);
      this.post({ type: 'notice', message: parts.join(', ') });
      const first = summary.written[0];
      if (rows.length === 1 && first) await vscode.window.showTextDocument(first, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      else if (summary.failed.length) void vscode.window.showWarningMessage(`${parts.join(', ')}.`, 'Show Logs').then((c) => c && this.deps.log.show());
      else void vscode.window.showInformationMessage(`${parts.join(', ')}.`);
    } catch (e) {
      this.deps.log.error('Saving fixtures failed', e);
      void vscode.window.showErrorMessage(`Could not save the fixtures: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    for (const c of this.inFlight.values()) c.abort();
    this.disposed.fire();
    this.disposed.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}

/** `transcrypts.signatureFormat`: how replays and Copy as cURL sign (`v1=<hex>` by default, or bare hex). */
export function signatureFormat(): SignatureFormat {
  return setting('signatureFormat');
}

function toApiFilters(f: ServerFilters, pageSize: number) {
  return {
    eventType: f.eventType || undefined,
    statusCode: f.statusCode,
    createdAtGte: f.from,
    createdAtLte: f.to,
    pageSize,
  };
}

export function panelTitle(scope: HistoryScope, filtered = false): string {
  return `History: ${scope.title}${filtered ? ' (filtered)' : ''}`;
}

function initialState(scope: HistoryScope): PanelState {
  return {
    scope,
    server: {},
    local: {},
    autoRefresh: setting('history.autoRefresh'),
  };
}

/** The serializer's state comes from the webview: check its shape before trusting it. */
function parseState(v: unknown): PanelState | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Partial<PanelState>;
  const scope = s.scope;
  if (!scope || typeof scope.env !== 'string' || scope.env === '' || typeof scope.title !== 'string') return undefined;
  if (scope.webhookUrl !== undefined && typeof scope.webhookUrl !== 'string') return undefined;
  return {
    scope: { env: scope.env as EnvType, title: scope.title, webhookId: typeof scope.webhookId === 'string' ? scope.webhookId : undefined, webhookUrl: scope.webhookUrl },
    server: typeof s.server === 'object' && s.server !== null ? s.server : {},
    local: typeof s.local === 'object' && s.local !== null ? s.local : {},
    selected: s.selected,
    autoRefresh: s.autoRefresh === true,
  };
}
