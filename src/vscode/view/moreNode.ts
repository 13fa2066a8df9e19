import vscode = require('vscode');
import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import { COMMANDS } from '../platform/constants';
import { contextValue } from './contextValue';
import type { EnvironmentNode } from './environmentNode';

/**
 * The last child of a group that shows only part of its configurations: "Show 2,000 More…". A group of 50,000 in
 * one answer kept the extension host busy for over a second while VS Code built and sent their items.
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

  toTreeItem(): vscode.TreeItem {
    const more = Math.min(this.step, this.total - this.shown);
    const item = new vscode.TreeItem(vscode.l10n.t('Show {0} More…', more.toLocaleString('en-US')), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = vscode.l10n.t('{0} of {1} shown', this.shown.toLocaleString('en-US'), this.total.toLocaleString('en-US'));
    item.tooltip = vscode.l10n.t('{0} of {1} configurations are shown. Filter… finds one by its name, URL or events.', this.shown.toLocaleString('en-US'), this.total.toLocaleString('en-US'));
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = contextValue('more');
    item.command = { command: COMMANDS.showMore, title: vscode.l10n.t('Show More Configurations'), arguments: [this] };
    return item;
  }
}
