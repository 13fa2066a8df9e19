import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
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

}
