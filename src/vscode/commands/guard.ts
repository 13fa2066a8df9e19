import * as vscode from 'vscode';
import type { EnvType } from '../../core/model';
import { SETTINGS } from '../constants';

export function productionReadOnly(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS.section).get<boolean>(SETTINGS.productionReadOnly, false);
}

/** Refuses a write in production when `transcrypts.production.readOnly` is set; says why and how to change it. */
export function refuseWrite(env: EnvType): boolean {
  if (env !== 'prod' || !productionReadOnly()) return false;
  void vscode.window
    .showWarningMessage('Production is read-only here (setting "transcrypts.production.readOnly"). Nothing was changed.', 'Open Setting')
    .then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS.section}.${SETTINGS.productionReadOnly}`);
    });
  return true;
}
