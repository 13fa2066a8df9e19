/** CodeLens in the file: above `environments`, Plan and Apply for all; above each environment, Plan, Apply and Promote. */
import vscode = require('vscode');
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { envLabel } from '../../core/model';
import { MAX_DOCUMENT_DEPTH, tooDeepAt } from '../../shared/jsonDepth';
import { COMMANDS } from '../platform/constants';
import { isConfigFile } from './configFile';

export function registerConfigLens(): vscode.Disposable {
  const provider: vscode.CodeLensProvider = {
    provideCodeLenses(doc) {
      if (!isConfigFile(doc)) return [];
      const text = doc.getText();
      // Too deep for the parser (its problem is in Problems): no lenses.
      if (tooDeepAt(text, MAX_DOCUMENT_DEPTH, true) !== -1) return [];
      const root = parseTree(text);
      const envs = root && findNodeAtLocation(root, ['environments']);
      if (!envs || envs.type !== 'object' || !envs.parent) return [];
      const at = (offset: number) => new vscode.Range(doc.positionAt(offset), doc.positionAt(offset));
      const top = at(envs.parent.offset);
      const lenses = [
        new vscode.CodeLens(top, { title: vscode.l10n.t('$(diff) Plan all'), command: COMMANDS.configPlan, arguments: [{}] }),
        new vscode.CodeLens(top, { title: vscode.l10n.t('$(cloud-upload) Apply all'), command: COMMANDS.configApply, arguments: [{}] }),
      ];
      for (const prop of envs.children ?? []) {
        const key = prop.children?.[0];
        if (!key || typeof key.value !== 'string') continue;
        const env = key.value;
        const r = at(prop.offset);
        lenses.push(
          new vscode.CodeLens(r, { title: vscode.l10n.t('$(diff) Plan {0}', envLabel(env)), command: COMMANDS.configPlan, arguments: [{ env }] }),
          new vscode.CodeLens(r, { title: vscode.l10n.t('$(cloud-upload) Apply {0}', envLabel(env)), command: COMMANDS.configApply, arguments: [{ env }] }),
          new vscode.CodeLens(r, { title: vscode.l10n.t('$(arrow-right) Promote {0}…', envLabel(env)), command: COMMANDS.configPromote, arguments: [{ env }] }),
        );
      }
      return lenses;
    },
  };
  return vscode.languages.registerCodeLensProvider([{ language: 'json' }, { language: 'jsonc' }], provider);
}
