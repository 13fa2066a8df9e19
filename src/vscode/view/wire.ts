/** The Webhooks view: its tree view and its commands. */
import vscode = require('vscode');
import type { CommandRegistry } from '../platform/commandRegistry';
import { VIEW_WEBHOOKS } from '../platform/constants';
import { registerViewCommands, type ViewDeps } from './commands';
import type { Node, WebhooksTreeProvider } from './webhooksTree';

export function createView(tree: WebhooksTreeProvider): vscode.TreeView<Node> {
  return vscode.window.createTreeView(VIEW_WEBHOOKS, { treeDataProvider: tree, showCollapseAll: true });
}

export function wireView(s: ViewDeps, commands: CommandRegistry): void {
  registerViewCommands(s, commands);
}
