import vscode = require('vscode');
import type { CommandContext, CommandSubject } from '../platform/commandRegistry';
import { envLabel, type EnvType } from '../../core/model';
import type { Catalog } from '../../core/webhooks/catalog';
import { displayText } from '../../shared/display';
import { contextValue } from './contextValue';

const OTHER_ICON = new vscode.ThemeIcon('server-environment');
const ICONS: Record<string, vscode.ThemeIcon> = {
  sandbox: new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.blue')),
  dev: new vscode.ThemeIcon('tools', new vscode.ThemeColor('charts.yellow')),
  // Production is unmistakable: a red flame.
  prod: new vscode.ThemeIcon('flame', new vscode.ThemeColor('charts.red')),
};

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

  /**
   * `listening`: where its deliveries are forwarded (Listen), when they are; `allowProductionListen`: the setting;
   * `local`: the connection is a local sandbox (its Production holds sample data, not live data).
   */
  toTreeItem(catalog: Catalog, readOnly: boolean, o: { listening?: string; allowProductionListen?: boolean; local?: boolean } = {}): vscode.TreeItem {
    const { listening, allowProductionListen = false, local = false } = o;
    const label = displayText(envLabel(this.env), 100);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = ICONS[this.env] ?? OTHER_ICON;
    const foreign = catalog.isForeign(this.env) && catalog.state(this.env).kind === 'loaded';
    const state = catalog.state(this.env);
    const n = catalog.count(this.env);
    const shown = catalog.webhooks(this.env).length;
    item.description =
      state.kind === 'nosecret'
        ? vscode.l10n.t('no secret')
        : state.kind === 'loading'
          ? vscode.l10n.t('loading…')
          : state.kind === 'error'
            ? vscode.l10n.t('failed to load')
            : `${catalog.filter ? `${shown} of ${n}` : `${n} configuration${n === 1 ? '' : 's'}`}${foreign ? ' · read-only' : ''}`;
    // Last session's configurations, shown while they are listed again.
    const stale = state.kind === 'loaded' && catalog.isStale(this.env);
    if (stale) item.description = vscode.l10n.t('{0} · updating…', String(item.description));
    // First, so that a narrow sidebar still shows it.
    if (listening) item.description = vscode.l10n.t('listening → {0} · {1}', listening, String(item.description));
    item.contextValue = contextValue(
      'environment',
      foreign ? 'foreign' : state.kind === 'nosecret' ? 'nosecret' : 'connected',
      foreign || (readOnly && this.env === 'prod') ? 'readonly' : 'writable',
      listening ? 'listening' : '',
      !foreign && (this.env !== 'prod' || (allowProductionListen && !readOnly)) ? 'listenable' : '',
    );
    item.tooltip =
      this.env === 'prod'
        ? local
          ? vscode.l10n.t('Production of the local sandbox: sample data on this machine. Destructive actions still ask you to type the name.')
          : vscode.l10n.t('Production: live, billed data. Destructive actions ask you to type the name.')
        : foreign
          ? vscode.l10n.t('Configurations whose env_type is "{0}". Read-only until you set a secret for "{1}" (Set Environment Secret…).', label, label)
          : vscode.l10n.t('{0} environment', label);
    if (stale) item.tooltip = vscode.l10n.t('{0}\nThese are the configurations of your last session; they are being listed again.', item.tooltip);
    if (listening) item.tooltip = vscode.l10n.t('{0}\nNew deliveries are forwarded to {1} (Listen).', item.tooltip, listening);
    item.accessibilityInformation = { label: vscode.l10n.t('{0} environment, {1}', label, String(item.description)) };
    return item;
  }
}
