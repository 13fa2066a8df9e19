import vscode = require('vscode');
import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import { contextValue } from './contextValue';
import type { EnvironmentNode } from './environmentNode';

/** "Creating …" with a spinner while the request runs. */
export class PlaceholderNode implements CommandSubject {
  readonly kind = 'placeholder';
  constructor(
    readonly key: string,
    readonly label: string,
    readonly parent: EnvironmentNode,
  ) {}

  commandContext(): CommandContext {
    return { node: this, env: this.parent.env };
  }

  get id(): string {
    return `placeholder:${this.key}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('loading~spin');
    item.contextValue = contextValue('placeholder');
    return item;
  }
}
