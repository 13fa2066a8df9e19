/** The embedded local sandbox's commands (Start, Stop, Show Logs). */
import type { CommandRegistry } from '../platform/commandRegistry';
import type { Services } from '../services';
import { registerSandboxCommands } from './commands';

export function wireSandbox(s: Services, commands: CommandRegistry): void {
  registerSandboxCommands(s, commands);
}
