import vscode = require('vscode');
import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import { envLabel, type EnvType } from '../../core/model';
import { contextValue } from './contextValue';
import type { EnvironmentNode } from './environmentNode';

export type MessageKind = 'error' | 'nosecret' | 'empty' | 'filtered';

/**
 * An explanation in place of children: a load error (inline Retry and Show Logs), a missing secret (inline Add
 * Secret), an empty environment. Not a button: its actions are inline and in its context menu.
 */
export class MessageNode implements CommandSubject {
  readonly kind = 'message';
  constructor(
    readonly message: MessageKind,
    readonly text: string,
    readonly parent: EnvironmentNode,
  ) {}

  get env(): EnvType {
    return this.parent.env;
  }

  commandContext(): CommandContext {
    return { node: this, env: this.parent.env };
  }

  get id(): string {
    return `message:${this.parent.env}:${this.message}`;
  }

  toTreeItem(productionReadOnly: boolean): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(
      this.message === 'error' ? 'error' : this.message === 'nosecret' ? 'key' : 'info',
      this.message === 'error' ? new vscode.ThemeColor('list.errorForeground') : undefined,
    );
    const writable = !(productionReadOnly && this.parent.env === 'prod');
    item.contextValue = contextValue('message', this.message, writable ? 'writable' : 'readonly');
    item.tooltip = this.text;
    item.accessibilityInformation = { label: `${envLabel(this.parent.env)}: ${this.text}`, role: 'treeitem' };
    return item;
  }
}
