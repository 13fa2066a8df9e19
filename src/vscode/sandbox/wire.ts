/** The embedded local sandbox's commands (Start, Stop, Show Logs). */
import type { CommandRegistry } from '../platform/commandRegistry';
import { registerSandboxCommands, type SandboxDeps } from './commands';

export function wireSandbox(s: SandboxDeps, commands: CommandRegistry): void {
  registerSandboxCommands(s, commands);
}
