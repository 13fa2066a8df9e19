import vscode = require('vscode');
import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import { shortUrl } from '../../shared/display';
import type { Webhook } from '../../core/api/schemas';
import { envLabel } from '../../core/model';
import type { Catalog } from '../../core/webhooks/catalog';
import { cut, displayText, escapeMd, formatDate } from '../../shared/display';
import { contextValue } from './contextValue';
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

  /** `outOfSync`: the fields the platform differs in from the configurations file, when it does. */
  toTreeItem(catalog: Catalog, readOnly: boolean, outOfSync?: readonly string[]): vscode.TreeItem {
    const w = this.webhook;
    const deleting = catalog.isDeleting(w.id);
    const name = displayText(w.name, 200);
    const item = new vscode.TreeItem(deleting ? vscode.l10n.t('Deleting {0}…', name) : name, w.events.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = displayText(shortUrl(w.webhook_url), 200);
    // First, so that a narrow sidebar still shows it: the platform differs from the configurations file.
    if (outOfSync) item.description = vscode.l10n.t('≠ file · {0}', item.description);
    const failing = catalog.isFailing(w);
    this.shownFailing = failing;
    // `enabled` exists only on some platforms: without it there is no enabled/disabled state to show or change.
    const hasState = typeof w.enabled === 'boolean';
    const disabled = w.enabled === false;
    const state = deleting ? 'deleting' : disabled ? 'disabled' : failing ? 'failing' : hasState ? 'enabled' : 'active';
    item.iconPath = deleting
      ? new vscode.ThemeIcon('loading~spin')
      : disabled
        ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'))
        : failing
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : hasState
            ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
            : new vscode.ThemeIcon('radio-tower');
    item.contextValue = contextValue(
      'webhook',
      hasState ? (disabled ? 'disabled' : 'enabled') : 'nostate',
      failing ? 'failing' : '',
      deleting ? 'busy' : 'idle',
      deleting || !this.writable(readOnly) ? 'readonly' : 'writable',
    );
    item.accessibilityInformation = {
      label: `${name}, ${state}, ${displayText(w.webhook_url, 200)}${outOfSync ? vscode.l10n.t(', differs from the configurations file') : ''}`,
    };
    return item;
  }

  /**
   * The Markdown tooltip, built when VS Code asks for it (`resolveTreeItem`, on hover or focus), not for every
   * item of a refresh: parsing a tooltip per item was the largest cost of a 1,000-configuration tree.
   */
  tooltip(catalog: Catalog, outOfSync?: readonly string[]): vscode.MarkdownString {
    const w = this.webhook;
    const stats = catalog.failureStats(w);
    const hasState = typeof w.enabled === 'boolean';
    const disabled = w.enabled === false;
    const md = new vscode.MarkdownString(undefined, true);
    md.supportHtml = false;
    md.isTrusted = false;
    md.appendMarkdown(`**${escapeMd(cut(w.name))}**${hasState ? ` $(${disabled ? 'circle-slash' : 'pass'}) ${disabled ? 'disabled' : 'enabled'}` : ''}\n\n`);
    md.appendMarkdown(`| | |\n|---|---|\n`);
    const rows: Array<[string, string]> = [
      [vscode.l10n.t('ID'), escapeMd(cut(w.id))],
      [vscode.l10n.t('URL'), escapeMd(cut(w.webhook_url))],
      [vscode.l10n.t('Environment'), escapeMd(cut(envLabel(w.env_type)))],
      [vscode.l10n.t('Events'), w.events.length === 0 ? vscode.l10n.t('_none_') : escapeMd(cut(w.events.join(', ')))],
    ];
    // Dates are shown only as we format them, from a real date; anything else the server sent is not shown.
    for (const [label, value] of [[vscode.l10n.t('Created'), w.created_at], [vscode.l10n.t('Updated'), w.updated_at]] as const) {
      if (value === undefined) continue;
      rows.push([label, formatDate(value) ?? vscode.l10n.t('_not a date_')]);
    }
    if (stats) rows.push([vscode.l10n.t('Recent deliveries'), vscode.l10n.t('{0} of {1} failed ({2}%)', stats.failed, stats.attempts, Math.round(stats.rate * 100))]);
    if (outOfSync) rows.push([vscode.l10n.t('Configurations file'), vscode.l10n.t('differs in {0}: Plan shows how', outOfSync.join(', '))]);
    for (const [k, v] of rows) md.appendMarkdown(`| ${k} | ${v.replace(/\|/g, '\\|')} |\n`);
    return md;
  }
}
