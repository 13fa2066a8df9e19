/** Reads `transcrypts.*` settings through their one spec (`spec.ts`): typed, defaulted, clamped. */
import vscode = require('vscode');
import { SECTION, SETTING_SPECS, settingId, type SettingKey, type SettingValue } from './spec';

export function setting<K extends SettingKey>(key: K): SettingValue<K> {
  const raw = vscode.workspace.getConfiguration(SECTION).get<unknown>(key);
  return SETTING_SPECS[key].read(raw) as SettingValue<K>;
}

/** Whether a configuration change touches this setting (or, with no key, any `transcrypts.*` setting). */
export function affects(e: vscode.ConfigurationChangeEvent, key?: SettingKey): boolean {
  return e.affectsConfiguration(key ? settingId(key) : SECTION);
}

/** Opens the Settings editor at one setting. */
export function openSetting(key: SettingKey): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', settingId(key));
}

export { settingId, type SettingKey } from './spec';

/** The stored value when the reader had to replace it (an unknown enum value, a wrong type), for a warning. */
export function rejected(key: SettingKey): unknown {
  const raw = vscode.workspace.getConfiguration(SECTION).get<unknown>(key);
  return raw === undefined || JSON.stringify(raw) === JSON.stringify(setting(key)) ? undefined : raw;
}

/** Any setting by its full key (`${config:…}` in the configurations file), as VS Code resolves it. */
export function anySetting(key: string): unknown {
  return vscode.workspace.getConfiguration().get<unknown>(key);
}

/** Where a string setting's value comes from: the user's own (global, else the default) and a workspace's choice. */
export function settingLevels(key: SettingKey): { user: string | undefined; workspace: string | undefined } {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(key);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);
  return { user: text(i?.globalValue) ?? text(i?.defaultValue), workspace: text(i?.workspaceFolderValue) ?? text(i?.workspaceValue) };
}
