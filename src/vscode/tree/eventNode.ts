import vscode = require('vscode');
import { displayText } from '../../shared/display';
import { contextValue } from './contextValue';
import type { WebhookNode } from './webhookNode';

/** One subscribed event type of a configuration. */
export class EventNode {
  readonly kind = 'event';
  constructor(
    readonly eventType: string,
    readonly parent: WebhookNode,
  ) {}

  get id(): string {
    return `event:${this.parent.webhook.id}:${this.eventType}`;
  }

  toTreeItem(productionReadOnly: boolean): vscode.TreeItem {
    const item = new vscode.TreeItem(displayText(this.eventType, 200), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-event');
    item.contextValue = contextValue('event', this.parent.writable(productionReadOnly) ? 'writable' : 'readonly');
    return item;
  }
}
