import * as vscode from 'vscode';

/**
 * The "Webhooks" view. Empty until a connection exists: while empty, the view shows its welcome content
 * (package.json `viewsWelcome`). Configurations per environment arrive with the sidebar issue.
 */
export class WebhooksTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
