import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import type { EnvType } from '../../core/model';

/** Root node: Development / Production / Sandbox, or a group of another env_type the configurations carry. */
export class EnvironmentNode implements CommandSubject {
  readonly kind = 'environment';
  readonly parent = undefined;
  constructor(readonly env: EnvType) {}

  commandContext(): CommandContext {
    return { node: this, env: this.env };
  }

  get id(): string {
    return `env:${this.env}`;
  }
}
