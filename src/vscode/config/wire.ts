/** Configurations as code in the window: its commands, the file's CodeLens, problems and drift, the plan's diff. */
import vscode = require('vscode');
import type { CommandRegistry } from '../platform/commandRegistry';
import type { Services } from '../services';
import { registerConfigCommands } from './commands';
import { ConfigDrift } from './configDrift';
import { registerConfigLens } from './configLens';
import { registerPlanDocuments } from './planDiff';

export function wireConfig(s: Services, commands: CommandRegistry): vscode.Disposable {
  const drift = new ConfigDrift(s.connection, s.catalog, s.decorations);
  registerConfigCommands(s, commands, drift);
  return vscode.Disposable.from(drift, registerConfigLens(), registerPlanDocuments());
}
