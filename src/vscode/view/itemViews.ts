/**
 * The Webhooks tree's items as plain views: what each row shows (label, description, icon, tooltip, context value,
 * screen-reader label) as a pure function of plain facts: the catalog's state for the row, the settings and the
 * decorations other features put on the tree (Listen's target, the configurations file's differences). No
 * `vscode` here: the provider turns a view into a TreeItem (`toTreeItem`) and unit tests hold the views in plain
 * Node. Words go through @vscode/l10n, which the host gives VS Code's bundle (platform/l10n.ts).
 */
import * as l10n from '@vscode/l10n';
import type { Webhook } from '../../core/api/schemas';
import type { FailureStats } from '../../core/history/failures';
import { envLabel, type EnvType } from '../../core/model';
import { countText, cut, displayText, escapeMd, formatDate, shortUrl } from '../../shared/display';
import { contextValue } from './contextValue';
import type { MessageKind } from './messageNode';

/** A codicon, optionally in a theme colour (both by id). */
export interface IconView {
  id: string;
  color?: string;
}

export interface ItemView {
  label: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  description?: string;
  /** Plain text (a configuration's Markdown tooltip is built when VS Code asks: resolveTreeItem). */
  tooltip?: string;
  icon: IconView;
  contextValue: string;
  ariaLabel?: string;
  /** The screen reader's role for the row, when not the default. */
  ariaRole?: 'treeitem';
}

/**
 * The configurations a group shows at first, and how many more each "Show More…" adds. VS Code builds and sends
 * every child of an answer in one go, out of the extension's reach: 50,000 kept the extension host busy for 1.2 s
 * (under load); 2,000 were one block of 40–60 ms of CPU (half of it VS Code's), over the 50 ms a host may block on a
 * slower machine; 1,000 are about half that. The bench's floor pages its groups by the same number.
 */
export const GROUP_PAGE = 1000;

export interface EnvironmentFacts {
  env: EnvType;
  state: 'nosecret' | 'loading' | 'loaded' | 'error';
  /** Configurations listed, and shown after the filter. */
  count: number;
  shown: number;
  filter: string;
  /** A group of another env_type a list returned: shown, not changed (no secret of its own). */
  foreign: boolean;
  /** Last session's configurations, shown while they are listed again. */
  stale: boolean;
  /** Where its deliveries are forwarded (Listen), when they are. */
  listening?: string;
  readOnly: boolean;
  allowProductionListen: boolean;
  /** Connected to a local sandbox: its Production holds sample data. */
  local: boolean;
}

const ENV_ICONS: Record<string, IconView> = {
  sandbox: { id: 'beaker', color: 'charts.blue' },
  dev: { id: 'tools', color: 'charts.yellow' },
  // Production is unmistakable: a red flame.
  prod: { id: 'flame', color: 'charts.red' },
};

function environmentDescription(f: EnvironmentFacts): string {
  if (f.state === 'nosecret') return l10n.t('no secret');
  if (f.state === 'loading') return l10n.t('loading…');
  if (f.state === 'error') return l10n.t('failed to load');
  const foreign = f.foreign ? ' · read-only' : '';
  const counted = f.filter ? `${countText(f.shown)} of ${countText(f.count)}` : `${countText(f.count)} configuration${f.count === 1 ? '' : 's'}`;
  let description = `${counted}${foreign}`;
  if (f.stale) description = l10n.t('{0} · updating…', description);
  // First, so that a narrow sidebar still shows it.
  if (f.listening) description = l10n.t('listening → {0} · {1}', f.listening, description);
  return description;
}

function environmentTooltip(f: EnvironmentFacts, label: string): string {
  let tooltip =
    f.env === 'prod'
      ? f.local
        ? l10n.t('Production of the local sandbox: sample data on this machine. Destructive actions still ask you to type the name.')
        : l10n.t('Production: live, billed data. Destructive actions ask you to type the name.')
      : f.foreign
        ? l10n.t('Configurations whose env_type is "{0}". Read-only until you set a secret for "{1}" (Set Environment Secret…).', label, label)
        : l10n.t('{0} environment', label);
  if (f.stale) tooltip = l10n.t('{0}\nThese are the configurations of your last session; they are being listed again.', tooltip);
  if (f.listening) tooltip = l10n.t('{0}\nNew deliveries are forwarded to {1} (Listen).', tooltip, f.listening);
  return tooltip;
}

/** A group: Development / Production / Sandbox, or another env_type the configurations carry. */
export function environmentView(facts: EnvironmentFacts): ItemView {
  const label = displayText(envLabel(facts.env), 100);
  // Foreign and stale speak of a loaded list only.
  const loaded = facts.state === 'loaded';
  const f = { ...facts, foreign: facts.foreign && loaded, stale: facts.stale && loaded };
  const { foreign } = f;
  const description = environmentDescription(f);
  return {
    label,
    collapsible: 'expanded',
    icon: ENV_ICONS[f.env] ?? { id: 'server-environment' },
    description,
    contextValue: contextValue(
      'environment',
      foreign ? 'foreign' : f.state === 'nosecret' ? 'nosecret' : 'connected',
      foreign || (f.readOnly && f.env === 'prod') ? 'readonly' : 'writable',
      f.listening ? 'listening' : '',
      !foreign && (f.env !== 'prod' || (f.allowProductionListen && !f.readOnly)) ? 'listenable' : '',
    ),
    tooltip: environmentTooltip(f, label),
    ariaLabel: l10n.t('{0} environment, {1}', label, description),
  };
}

export interface WebhookFacts {
  webhook: Webhook;
  deleting: boolean;
  failing: boolean;
  /** The fields the platform differs in from the configurations file, when it does. */
  outOfSync?: readonly string[];
  /** Not a read-only group, and not production under `transcrypts.production.readOnly`. */
  writable: boolean;
}

/** A configuration's icon by its state (one set, not one per row built). */
const WEBHOOK_ICONS = {
  deleting: { id: 'loading~spin' },
  disabled: { id: 'circle-slash', color: 'disabledForeground' },
  failing: { id: 'warning', color: 'list.warningForeground' },
  enabled: { id: 'pass', color: 'testing.iconPassed' },
  active: { id: 'radio-tower' },
} as const satisfies Record<string, IconView>;

/** A configuration: name, URL host and path, state icon; its events as children. */
export function webhookView(f: WebhookFacts): ItemView {
  const w = f.webhook;
  const name = displayText(w.name, 200);
  let description = displayText(shortUrl(w.webhook_url), 200);
  // First, so that a narrow sidebar still shows it: the platform differs from the configurations file.
  if (f.outOfSync) description = l10n.t('≠ file · {0}', description);
  // `enabled` exists only on some platforms: without it there is no enabled/disabled state to show or change.
  const hasState = typeof w.enabled === 'boolean';
  const disabled = w.enabled === false;
  const state: keyof typeof WEBHOOK_ICONS = f.deleting ? 'deleting' : disabled ? 'disabled' : f.failing ? 'failing' : hasState ? 'enabled' : 'active';
  return {
    label: f.deleting ? l10n.t('Deleting {0}…', name) : name,
    collapsible: w.events.length > 0 ? 'collapsed' : 'none',
    description,
    icon: WEBHOOK_ICONS[state],
    contextValue: contextValue(
      'webhook',
      hasState ? (disabled ? 'disabled' : 'enabled') : 'nostate',
      f.failing ? 'failing' : '',
      f.deleting ? 'busy' : 'idle',
      f.deleting || !f.writable ? 'readonly' : 'writable',
    ),
    ariaLabel: `${name}, ${state}, ${displayText(w.webhook_url, 200)}${f.outOfSync ? l10n.t(', differs from the configurations file') : ''}`,
  };
}

/**
 * A configuration's Markdown tooltip, built when VS Code asks for it (`resolveTreeItem`, on hover or focus), not for
 * every item of a refresh: parsing a tooltip per item was the largest cost of a 1,000-configuration tree.
 */
export function webhookTooltip(w: Webhook, stats: FailureStats | undefined, outOfSync?: readonly string[]): string {
  const hasState = typeof w.enabled === 'boolean';
  const disabled = w.enabled === false;
  let md = `**${escapeMd(cut(w.name))}**${hasState ? ` $(${disabled ? 'circle-slash' : 'pass'}) ${disabled ? 'disabled' : 'enabled'}` : ''}\n\n`;
  md += `| | |\n|---|---|\n`;
  const rows: Array<[string, string]> = [
    [l10n.t('ID'), escapeMd(cut(w.id))],
    [l10n.t('URL'), escapeMd(cut(w.webhook_url))],
    [l10n.t('Environment'), escapeMd(cut(envLabel(w.env_type)))],
    [l10n.t('Events'), w.events.length === 0 ? l10n.t('_none_') : escapeMd(cut(w.events.join(', ')))],
  ];
  // Dates are shown only as we format them, from a real date; anything else the server sent is not shown.
  for (const [label, value] of [[l10n.t('Created'), w.created_at], [l10n.t('Updated'), w.updated_at]] as const) {
    if (value === undefined) continue;
    rows.push([label, formatDate(value) ?? l10n.t('_not a date_')]);
  }
  if (stats) rows.push([l10n.t('Recent deliveries'), l10n.t('{0} of {1} failed ({2}%)', stats.failed, stats.attempts, Math.round(stats.rate * 100))]);
  if (outOfSync) rows.push([l10n.t('Configurations file'), l10n.t('differs in {0}: Plan shows how', outOfSync.join(', '))]);
  // Server text is escaped already (escapeMd escapes `|`); a pipe in our own words must not end the cell either.
  // Escaping an escaped one again (`\\|`) would: Markdown reads an escaped backslash, then a bare pipe.
  for (const [k, v] of rows) md += `| ${k} | ${v.replace(/(?<!\\)\|/g, '\\|')} |\n`;
  return md;
}

/** One subscribed event type of a configuration. */
export function eventView(eventType: string, writable: boolean): ItemView {
  return { label: displayText(eventType, 200), collapsible: 'none', icon: { id: 'symbol-event' }, contextValue: contextValue('event', writable ? 'writable' : 'readonly') };
}

/** An explanation in place of a group's children (a load error, a missing secret, an empty or filtered group). */
export function messageView(env: EnvType, kind: MessageKind, text: string, writable: boolean): ItemView {
  return {
    label: text,
    collapsible: 'none',
    icon: kind === 'error' ? { id: 'error', color: 'list.errorForeground' } : { id: kind === 'nosecret' ? 'key' : 'info' },
    contextValue: contextValue('message', kind, writable ? 'writable' : 'readonly'),
    tooltip: text,
    ariaLabel: `${envLabel(env)}: ${text}`,
    ariaRole: 'treeitem',
  };
}

/**
 * The last row of a group that shows part of its configurations: how many, of how many. Not a button (a tree row
 * that acts when clicked surprises keyboard and screen-reader users): Show More is its inline action and in its
 * context menu, beside Filter….
 */
export function moreView(shown: number, total: number, step: number): ItemView {
  const label = l10n.t('{0} of {1} configurations shown', countText(shown), countText(total));
  return {
    label,
    collapsible: 'none',
    tooltip: l10n.t('Show More Configurations (this row\'s action or menu) shows {0} more; Filter… finds one by its name, URL or events.', countText(Math.min(step, total - shown))),
    icon: { id: 'ellipsis' },
    contextValue: contextValue('more'),
    ariaLabel: l10n.t('{0}. Show More Configurations is in this row\'s context menu.', label),
  };
}

/** "Creating …" with a spinner while the request runs. */
export function placeholderView(label: string): ItemView {
  return { label, collapsible: 'none', icon: { id: 'loading~spin' }, contextValue: contextValue('placeholder') };
}
