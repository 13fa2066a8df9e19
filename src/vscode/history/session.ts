/** What the history panel's concerns (paging, replay, compare, fixtures) share: the panel's deps, scope and rows. */
import type * as vscode from 'vscode';
import type { Catalog } from '../../core/webhooks/catalog';
import type { HistoryScope, HostToWebview, Row } from '../../shared/protocol';
import type { Connection } from '../connection';
import type { Log } from '../log';
import type { ReplaySecret } from '../replaySecret';
import type { PayloadDocuments } from './payloadDocuments';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  connection: Connection;
  catalog: Catalog;
  log: Log;
  payloads: PayloadDocuments;
  replaySecret: ReplaySecret;
}

export interface Session {
  readonly deps: PanelDeps;
  readonly scope: HistoryScope;
  /** The rows loaded so far, by key. */
  readonly rows: ReadonlyMap<number, Row>;
  post(m: HostToWebview): void;
}

/** The rows of these keys that are still loaded, in the order asked. */
export function rowsOf(s: Session, keys: readonly number[]): Row[] {
  return keys.flatMap((k) => s.rows.get(k) ?? []);
}
