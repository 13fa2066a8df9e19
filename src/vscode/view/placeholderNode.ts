import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
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

}
