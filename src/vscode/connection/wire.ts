/** The connection: its commands and its status bar item. */
import type vscode = require('vscode');
import type { CommandRegistry } from '../platform/commandRegistry';
import { registerConnectionCommands, type ConnectionDeps } from './commands';
import { createStatusBar } from './statusBar';

export function wireConnection(s: ConnectionDeps, commands: CommandRegistry): vscode.Disposable {
  registerConnectionCommands(s, commands);
  return createStatusBar(s.connection, s.sandbox);
}
