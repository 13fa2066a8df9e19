import * as vscode from 'vscode';
import type { Webhook } from '../../core/api/schemas';
import { ENV_LABELS } from '../../core/model';
import type { Catalog } from '../../core/webhooks/catalog';
import type { EnvironmentNode } from './environmentNode';

/** A configuration: name, URL host and path, state icon, Markdown tooltip; its events as children. */
export class WebhookNode {
  readonly kind = 'webhook';
  constructor(
    public webhook: Webhook,
    readonly parent: EnvironmentNode,
  ) {}

  get id(): string {
    return `webhook:${this.webhook.id}`;
  }

  toTreeItem(catalog: Catalog, readOnly: boolean): vscode.TreeItem {
    const w = this.webhook;
    const deleting = catalog.isDeleting(w.id);
    const item = new vscode.TreeItem(deleting ? `Deleting ${w.name}…` : w.name, w.events.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = shortUrl(w.webhook_url);
    const failing = catalog.isFailing(w);
    const stats = catalog.failureStats(w);
    const state = deleting ? 'deleting' : !w.enabled ? 'disabled' : failing ? 'failing' : 'enabled';
    item.iconPath = deleting
      ? new vscode.ThemeIcon('loading~spin')
      : !w.enabled
        ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'))
        : failing
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    const flags = [w.env_type, w.enabled ? 'enabled' : 'disabled'];
    if (failing) flags.push('failing');
    if (readOnly && w.env_type === 'prod') flags.push('readonly');
    if (deleting) flags.push('busy');
    item.contextValue = `webhook:${flags.join(':')}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.supportHtml = false;
    md.isTrusted = false;
    md.appendMarkdown(`**${escapeMd(w.name)}** $(${w.enabled ? 'pass' : 'circle-slash'}) ${w.enabled ? 'enabled' : 'disabled'}\n\n`);
    md.appendMarkdown(`| | |\n|---|---|\n`);
    const rows: Array<[string, string]> = [
      ['ID', `\`${w.id}\``],
      ['URL', escapeMd(w.webhook_url)],
      ['Environment', ENV_LABELS[w.env_type]],
      ['Events', w.events.length === 0 ? '_none_' : w.events.map(escapeMd).join(', ')],
      ['Created', w.created_at],
      ['Updated', w.updated_at],
    ];
    if (stats) rows.push(['Recent deliveries', `${stats.failed} of ${stats.attempts} failed (${Math.round(stats.rate * 100)}%)`]);
    for (const [k, v] of rows) md.appendMarkdown(`| ${k} | ${v.replace(/\|/g, '\\|')} |\n`);
    item.tooltip = md;
    item.accessibilityInformation = { label: `${w.name}, ${state}, ${w.webhook_url}` };
    return item;
  }
}

export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}

/** Payload-derived text in Markdown is escaped: it is shown as text, never interpreted. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~$]/g, '\\$&');
}
