import type * as vscode from 'vscode';
import type { Catalog } from '../core/webhooks/catalog';
import type { Connection } from './connection/connection';
import type { Log } from './platform/log';
import type { ReplaySecret } from './signature/replaySecret';
import type { SandboxHost } from './sandbox/sandboxHost';
import type { TreeDecorations } from './view/decorations';
import type { Node, WebhooksTreeProvider } from './view/webhooksTree';

/** What command groups work with, built once in extension.ts. */
export interface Services {
  log: Log;
  sandbox: SandboxHost;
  connection: Connection;
  catalog: Catalog;
  tree: WebhooksTreeProvider;
  /** What features mark on the tree (Listen's targets, the configurations file's differences). */
  decorations: TreeDecorations;
  view: vscode.TreeView<Node>;
  /** The per-workspace test secret that signs replays (else the environment's). */
  replaySecret: ReplaySecret;
}
