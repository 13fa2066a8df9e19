import vscode = require('vscode');
import { offer } from './errors';
import type { EnvType } from '../../core/model';
import { openSetting, setting } from './settings/read';

export function productionReadOnly(): boolean {
  return setting('production.readOnly');
}

/** Refuses a write in production when `transcrypts.production.readOnly` is set; says why and how to change it. */
export function refuseWrite(env: EnvType): boolean {
  if (env !== 'prod' || !productionReadOnly()) return false;
  void offer('warning', vscode.l10n.t('Production is read-only here (setting "transcrypts.production.readOnly"). Nothing was changed.'), {
    title: vscode.l10n.t('Open Setting'),
    run: () => openSetting('production.readOnly'),
  });
  return true;
}
