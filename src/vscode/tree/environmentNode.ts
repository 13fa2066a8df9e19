import * as vscode from 'vscode';
import { ENV_LABELS, type EnvType } from '../../core/model';
import type { Catalog } from '../../core/webhooks/catalog';

const ICONS: Record<EnvType, vscode.ThemeIcon> = {
  sandbox: new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.blue')),
  dev: new vscode.ThemeIcon('tools', new vscode.ThemeColor('charts.yellow')),
  // Production is unmistakable: a red flame.
  prod: new vscode.ThemeIcon('flame', new vscode.ThemeColor('charts.red')),
};

/** Root node: Sandbox / Development / Production. */
export class EnvironmentNode {
  readonly kind = 'environment';
  readonly parent = undefined;
  constructor(readonly env: EnvType) {}

  get id(): string {
    return `env:${this.env}`;
  }

  toTreeItem(catalog: Catalog, readOnly: boolean): vscode.TreeItem {
    const item = new vscode.TreeItem(ENV_LABELS[this.env], vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = ICONS[this.env];
    const state = catalog.state(this.env);
    const n = catalog.count(this.env);
    const shown = catalog.webhooks(this.env).length;
    item.description =
      state.kind === 'nosecret'
        ? 'no secret'
        : state.kind === 'loading'
          ? 'loading…'
          : state.kind === 'error'
            ? 'failed to load'
            : catalog.filter
              ? `${shown} of ${n}`
              : `${n} configuration${n === 1 ? '' : 's'}`;
    const flags = [state.kind === 'nosecret' ? 'nosecret' : 'connected', readOnly && this.env === 'prod' ? 'readonly' : 'writable'];
    item.contextValue = `environment:${this.env}:${flags.join(':')}`;
    item.tooltip = this.env === 'prod' ? 'Production: live, billed data. Destructive actions ask you to type the name.' : `${ENV_LABELS[this.env]} environment`;
    item.accessibilityInformation = { label: `${ENV_LABELS[this.env]} environment, ${String(item.description)}` };
    return item;
  }
}
