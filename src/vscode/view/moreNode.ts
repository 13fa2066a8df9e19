import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import type { EnvironmentNode } from './environmentNode';

/**
 * The last child of a group that shows only part of its configurations ("1,000 of 50,000 configurations shown",
 * Show More as its action). A group of 50,000 in one answer kept the extension host busy for over a second while
 * VS Code built and sent their items.
 */
export class MoreNode implements CommandSubject {
  readonly kind = 'more';
  constructor(
    readonly parent: EnvironmentNode,
    /** How many the group shows, of how many (after the filter). */
    readonly shown: number,
    readonly total: number,
    /** How many more a click shows. */
    readonly step: number,
  ) {}

  commandContext(): CommandContext {
    return { node: this, env: this.parent.env };
  }

  get id(): string {
    return `more:${this.parent.env}`;
  }

}
