/** Receiver tests in the window: the test controller and its commands. */
import vscode = require('vscode');
import type { CommandRegistry } from '../platform/commandRegistry';
import type { HistoryPanels } from '../history/panel';
import type { Services } from '../services';
import { registerReceiverCommands } from './commands';
import { ReceiverTestController } from './controller';

export function wireReceiverTests(services: Services, commands: CommandRegistry, panels: HistoryPanels, context: vscode.ExtensionContext): ReceiverTestController {
  const deps = { services, workspaceState: context.workspaceState, globalState: context.globalState };
  const tests = new ReceiverTestController(deps);
  registerReceiverCommands(commands, tests, panels, deps);
  context.subscriptions.push(tests);
  return tests;
}
