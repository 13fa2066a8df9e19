/** What the history panel's concerns (paging, replay, compare, fixtures) share: the panel's deps, scope and rows (the palette's commands build one over a page of recent rows). */
import type * as vscode from 'vscode';
import type { Catalog } from '../../core/webhooks/catalog';
import type { HistoryScope, ReplayResult, Row } from '../../shared/protocol';
import type { Connection } from '../connection/connection';
import type { Log } from '../platform/log';
import type { ReplaySecret } from '../signature/replaySecret';
import type { PayloadDocuments } from './payloadDocuments';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  connection: Connection;
  catalog: Catalog;
  log: Log;
  payloads: PayloadDocuments;
  replaySecret: ReplaySecret;
  /** Listen's forwards in this window: the local receiver's answer is shown beside the platform's. */
  forwards?: ForwardResults;
}

/** What the panel needs of Listen (vscode/listen/listening.ts). */
export interface ForwardResults {
  resultFor(env: string, deliveryId: string): { url: string; result: ReplayResult } | undefined;
  readonly onDidForward: vscode.Event<{ env: string; deliveryId: string; url: string; result: ReplayResult }>;
}

export interface Session {
  readonly deps: PanelDeps;
  readonly scope: HistoryScope;
  /** The rows loaded so far, by key. */
  readonly rows: ReadonlyMap<number, Row>;
}

/** The rows of these keys that are still loaded, in the order asked. */
export function rowsOf(s: Session, keys: readonly number[]): Row[] {
  return keys.flatMap((k) => s.rows.get(k) ?? []);
}

/** A replayed delivery's answer (or no answer), as it arrives. */
export interface ReplayAnswer {
  key: number;
  url: string;
  result: ReplayResult;
}

export interface ActionResult {
  /** What to say, if anything (the panel shows it under its buttons). */
  message?: string;
}
