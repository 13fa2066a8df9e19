import vscode = require('vscode');
import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import { displayText } from '../../shared/display';
import { contextValue } from './contextValue';
import type { WebhookNode } from './webhookNode';

/** One subscribed event type of a configuration. */
export class EventNode implements CommandSubject {
  readonly kind = 'event';
  constructor(
    readonly eventType: string,
    readonly parent: WebhookNode,
  ) {}

  commandContext(): CommandContext {
    return { node: this, webhook: this.parent.webhook, env: this.parent.webhook.env_type, eventType: this.eventType };
  }

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
