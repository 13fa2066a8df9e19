/** A panel's title, identity and first state. */
import vscode = require('vscode');
import type { Webhook } from '../../core/api/schemas';
import { hasLocalFilter } from '../../shared/filters';
import type { HistoryScope, PanelState } from '../../shared/protocol';
import { setting } from '../platform/settings/read';

/** One configuration's deliveries: the history has no filter by configuration, so its rows are matched on its URL. */
export function webhookScope(w: Pick<Webhook, 'env_type' | 'id' | 'webhook_url' | 'name'>): HistoryScope {
  return { env: w.env_type, webhookId: w.id, webhookUrl: w.webhook_url, title: w.name };
}

export function scopeKey(s: HistoryScope): string {
  return s.webhookUrl ? `${s.env}|${s.webhookUrl}` : s.env;
}

export function panelTitle(scope: HistoryScope, filtered = false): string {
  return filtered ? vscode.l10n.t('History: {0} (filtered)', scope.title) : vscode.l10n.t('History: {0}', scope.title);
}

export function initialState(scope: HistoryScope): PanelState {
  return { scope, server: {}, local: {}, autoRefresh: setting('history.autoRefresh') };
}

export function isFiltered(s: PanelState): boolean {
  return Boolean(s.server.eventType || s.server.statusCode || s.server.from || s.server.to) || hasLocalFilter(s.local);
}
