import type * as vscode from 'vscode';
import type { Catalog } from '../core/webhooks/catalog';
import type { Connection } from './connection';
import type { Log } from './log';
import type { ReplaySecret } from './replaySecret';
import type { SandboxHost } from './sandboxHost';
import type { Node, WebhooksTreeProvider } from './tree/webhooksTree';

/** What command groups work with, built once in extension.ts. */
export interface Services {
  log: Log;
  sandbox: SandboxHost;
  connection: Connection;
  catalog: Catalog;
  tree: WebhooksTreeProvider;
  view: vscode.TreeView<Node>;
  /** The per-workspace test secret that signs replays (else the environment's). */
  replaySecret: ReplaySecret;
}
