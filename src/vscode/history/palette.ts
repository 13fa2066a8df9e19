/**
 * The history panel's delivery actions as commands (Replay, Copy as cURL, Compare With, Save as Fixture, Open in
 * Editor): from the palette they ask for the environment, then for the delivery in a quick pick of the recent
 * ones, searchable by event type, status, time, configuration and id. The same code as the panel's buttons runs.
 */
import vscode = require('vscode');
import { envLabel } from '../../core/model';
import { statusText } from '../../shared/display';
import { relativeTime, statusClassOf } from '../../shared/filters';
import type { Row } from '../../shared/protocol';
import { COMMANDS } from '../platform/constants';
import { resolveEnvironment } from '../connection/environments';
import type { Services } from '../services';
import { shortUrl } from '../../shared/display';
import type { CommandContext } from '../platform/commandRegistry';
import type { ReplayAnswer } from './session';
import { HistoryPaging } from './paging';
import type { PanelDeps, Session } from './session';

/** A session over the recent deliveries of one environment (the rows of the palette's pick). */
function paletteSession(deps: PanelDeps, env: string): { session: Session; paging: HistoryPaging } {
  const paging: HistoryPaging = new HistoryPaging(() => session);
  const session: Session = { deps, scope: { env, title: envLabel(env) }, rows: paging.rows };
  return { session, paging };
}

/** A replay's answer from the palette, as a notification (the panel shows it beside the delivery instead). */
export function tellAnswer(row: Row, a: ReplayAnswer): void {
  const what = `${row.event_type} ${row.webhook_id}`;
  if (a.result.ok && a.result.status < 300) void vscode.window.showInformationMessage(vscode.l10n.t('Replayed {0} to {1}: HTTP {2} in {3} ms.', what, a.url, a.result.status, a.result.ms));
  else if (a.result.ok) void vscode.window.showWarningMessage(vscode.l10n.t('Replayed {0} to {1}: the receiver answered HTTP {2} in {3} ms.', what, a.url, a.result.status, a.result.ms));
  else void vscode.window.showWarningMessage(vscode.l10n.t('Replayed {0} to {1}: no answer ({2}).', what, a.url, a.result.error));
}

const ICONS: Record<string, string> = { '2xx': '$(pass)', none: '$(circle-slash)', '4xx': '$(error)', '5xx': '$(error)' };

type Item = vscode.QuickPickItem & { row?: Row; panel?: true };

/**
 * Which attempt each row is of its delivery ("attempt 2 of 4"), counted from the oldest; rows come newest first. A
 * delivery's attempts share their id and time: without it they looked like one row four times.
 */
export function attemptLabels(rows: readonly Pick<Row, 'webhook_id' | 'webhook_url'>[]): (string | undefined)[] {
  const key = (r: Pick<Row, 'webhook_id' | 'webhook_url'>) => `${r.webhook_id}\n${r.webhook_url}`;
  const total = new Map<string, number>();
  for (const r of rows) total.set(key(r), (total.get(key(r)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const n = total.get(key(r)) ?? 1;
    const k = (seen.get(key(r)) ?? 0) + 1;
    seen.set(key(r), k);
    return n > 1 ? vscode.l10n.t('attempt {0} of {1}', n - k + 1, n) : undefined;
  });
}

function itemOf(row: Row, attempt: string | undefined): Item {
  return {
    label: `${ICONS[statusClassOf(row.status_code)] ?? '$(warning)'} ${row.event_type}`,
    description: `${statusText(row.status_code)}${attempt ? ` · ${attempt}` : ''} · ${relativeTime(row.event_created_at)} · ${row.configName ?? shortUrl(row.webhook_url)}`,
    detail: `${row.webhook_id} · ${row.event_created_at}`,
    row,
  };
}

/** The environment, then one of its newest deliveries (a page of `transcrypts.history.pageSize`). */
export async function pickDelivery(s: Services, deps: PanelDeps, c: CommandContext, title: string): Promise<{ session: Session; row: Row } | undefined> {
  if (!s.connection.mode) {
    await vscode.commands.executeCommand(COMMANDS.connectionActions);
    return undefined;
  }
  const env = await resolveEnvironment(s.connection, c, title);
  if (env === undefined) return undefined;
  const { session, paging } = paletteSession(deps, env);
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = vscode.l10n.t('{0} · {1}', title, envLabel(env));
  qp.placeholder = vscode.l10n.t('Loading the recent {0} deliveries…', envLabel(env));
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  qp.show();
  const loaded = paging.load(0, {}, false).then((reply) => {
    qp.busy = false;
    if (reply?.type === 'loadError') {
      qp.placeholder = reply.message;
      return;
    }
    const rows = reply?.type === 'rows' ? reply.rows : [];
    qp.placeholder = rows.length
      ? vscode.l10n.t('{0} recent deliveries: type an event type, a status, a configuration or an id', rows.length)
      : vscode.l10n.t('No deliveries in {0} yet', envLabel(env));
    const attempts = attemptLabels(rows);
    qp.items = [...rows.map((r, i) => itemOf(r, attempts[i])), { label: '', kind: vscode.QuickPickItemKind.Separator }, { label: vscode.l10n.t('$(history) Open Request History (filters, older deliveries)…'), panel: true, alwaysShow: true }];
  });
  const chosen = await new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  paging.dispose();
  await loaded;
  if (chosen?.panel) await vscode.commands.executeCommand(COMMANDS.openHistory, { env });
  return chosen?.row ? { session, row: chosen.row } : undefined;
}
