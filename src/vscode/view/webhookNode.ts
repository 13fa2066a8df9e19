import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import type { Webhook } from '../../core/api/schemas';
import type { EnvironmentNode } from './environmentNode';

/** A configuration: name, URL host and path, state icon, Markdown tooltip; its events as children. */
export class WebhookNode implements CommandSubject {
  readonly kind = 'webhook';
  constructor(
    public webhook: Webhook,
    readonly parent: EnvironmentNode,
  ) {}

  /** Its group has no secret of its own (another env_type a list returned): shown, not changed. */
  readOnlyGroup = false;

  /** Whether the item VS Code shows says "failing" (new failure rates update only the items that change). */
  shownFailing: boolean | undefined;

  commandContext(): CommandContext {
    return { node: this, webhook: this.webhook, env: this.webhook.env_type };
  }

  get id(): string {
    return `webhook:${this.webhook.id}`;
  }

  /** Not a read-only group, and not production while `transcrypts.production.readOnly` is set. */
  writable(productionReadOnly: boolean): boolean {
    return !this.readOnlyGroup && !(productionReadOnly && this.webhook.env_type === 'prod');
  }
}
