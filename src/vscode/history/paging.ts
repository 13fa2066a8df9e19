/**
 * The history's pages for one panel: the first page small (fast first paint), the following ones as large as the
 * API allows; for a configuration, pages are scanned until rows of its URL appear. Rows get a key per session.
 */
import vscode = require('vscode');
import { ApiError } from '../../core/api/errors';
import { rowDeliveryId, rowEventName, type WebhookRequest } from '../../core/api/schemas';
import { eventTimeOf } from '../../core/events';
import { LIMITS } from '../../core/model';
import type { HostToWebview, Row, ServerFilters } from '../../shared/protocol';

/** A page as the host holds it (payloads parsed), or why not: the panel sends it as `ListRow`s. */
export type PageReply = Extract<HostToWebview, { type: 'loadError' }> | { type: 'rows'; requestId: number; rows: Row[]; append: boolean; hasMore: boolean };
import { setting } from '../platform/settings/read';
import type { Session } from './session';
import { panelTitle } from './state';
import { errorMessage } from '../../shared/errorMessage';

/** Pages fetched per request at most while looking for rows of one configuration. */
const MAX_SCAN_PAGES = 20;

export class HistoryPaging {
  readonly rows = new Map<number, Row>();
  private nextKey = 1;
  private link: string | undefined;
  private readonly inFlight = new Map<number, AbortController>();

  constructor(private readonly session: () => Session) {}

  /** One page for the webview (`rows`), or why not (`loadError`); undefined when it was cancelled. */
  async load(requestId: number, filters: ServerFilters, more: boolean): Promise<PageReply | undefined> {
    const { deps, scope } = this.session();
    const client = deps.connection.client(scope.env);
    if (!client) return { type: 'loadError', requestId, message: vscode.l10n.t('There is no {0} secret: connect, or add the {1} secret, then Retry.', scope.env, scope.env), retryable: true };
    if (!more) {
      this.link = undefined;
      this.rows.clear();
    } else if (!this.link) return { type: 'rows', requestId, rows: [], append: true, hasMore: false };
    const controller = new AbortController();
    this.inFlight.set(requestId, controller);
    try {
      const out: Row[] = [];
      let link = this.link;
      for (let i = 0; i < MAX_SCAN_PAGES; i++) {
        const size = more || i > 0 ? LIMITS.historyPageSizeMax : setting('history.pageSize');
        const page = await client.historyPage(toApiFilters(filters, size), link, { signal: controller.signal });
        link = page.next ?? undefined;
        out.push(...this.toRows(page.results));
        if (out.length > 0 || !link) break;
      }
      this.link = link;
      return { type: 'rows', requestId, rows: out, append: more, hasMore: link !== undefined };
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'cancelled') return undefined;
      deps.log.error(`History of ${panelTitle(scope)} did not load`, e);
      const message = e instanceof Error ? deps.log.redactor.redact(e.message) : String(e);
      return { type: 'loadError', requestId, message, retryable: !(e instanceof ApiError) || e.transient || e.kind === 'auth' };
    } finally {
      this.inFlight.delete(requestId);
    }
  }

  cancel(requestId: number): void {
    this.inFlight.get(requestId)?.abort();
  }

  /** Auto-refresh: the first page again; the webview keeps only what is newer than its top row. */
  async poll(filters: ServerFilters): Promise<Row[] | undefined> {
    const { deps, scope } = this.session();
    const client = deps.connection.client(scope.env);
    if (!client) return undefined;
    try {
      const page = await client.historyPage(toApiFilters(filters, setting('history.pageSize')));
      return this.toRows(page.results);
    } catch (e) {
      deps.log.debug(`Auto-refresh of ${panelTitle(scope)} failed: ${errorMessage(e)}`);
      return undefined;
    }
  }

  /** The rows of this scope (a configuration's: its URL), keyed, named by their payload. */
  private toRows(results: WebhookRequest[]): Row[] {
    const { deps, scope } = this.session();
    const names = new Map(deps.catalog.all().filter((w) => w.env_type === scope.env).map((w) => [w.webhook_url, w.name]));
    return results
      .filter((r) => !scope.webhookUrl || r.webhook_url === scope.webhookUrl)
      .map((r) => {
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

  dispose(): void {
    for (const c of this.inFlight.values()) c.abort();
  }
}

function toApiFilters(f: ServerFilters, pageSize: number) {
  return { eventType: f.eventType || undefined, statusCode: f.statusCode, createdAtGte: f.from, createdAtLte: f.to, pageSize };
}
