/** The environment a command acts on: the tree item's or the argument's, the only one, or one the user picks. */
import vscode = require('vscode');
import { envLabel, type EnvType } from '../../core/model';
import type { CommandContext } from '../platform/commandRegistry';
import type { Connection } from './connection';

export async function resolveEnvironment(connection: Connection, c: CommandContext, title: string, envs?: EnvType[]): Promise<EnvType | undefined> {
  const given = c.env ?? c.text;
  if (given !== undefined) return given;
  const choices = envs ?? connection.environments;
  if (choices.length === 1) return choices[0];
  const picked = await vscode.window.showQuickPick(
    choices.map((e) => ({ label: envLabel(e), description: e === envLabel(e) ? undefined : e, env: e })),
    { title, placeHolder: vscode.l10n.t('Choose an environment') },
  );
  return picked?.env;
}
