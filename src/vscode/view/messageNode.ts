import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import type { EnvType } from '../../core/model';
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

}
