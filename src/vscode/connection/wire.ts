/** The connection: its commands and its status bar item. */
import type vscode = require('vscode');
import type { CommandRegistry } from '../platform/commandRegistry';
import type { Services } from '../services';
import { registerConnectionCommands } from './commands';
import { createStatusBar } from './statusBar';

export function wireConnection(s: Services, commands: CommandRegistry): vscode.Disposable {
  registerConnectionCommands(s, commands);
  return createStatusBar(s.connection, s.sandbox);
}
