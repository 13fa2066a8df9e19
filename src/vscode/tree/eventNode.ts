import * as vscode from 'vscode';
import { displayText } from '../../shared/display';
import { envSlug } from './environmentNode';
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

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(displayText(this.eventType, 200), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-event');
    item.contextValue = `event:${envSlug(this.parent.webhook.env_type)}${this.parent.readOnlyGroup ? ':readonly' : ''}`;
    return item;
  }
}
