/** Configurations: create, edit, enable/disable, delete, copy. */
import type { CommandRegistry } from '../platform/commandRegistry';
import type { Services } from '../services';
import { registerWebhookCommands } from './commands';

export function wireWebhooks(s: Services, commands: CommandRegistry): void {
  registerWebhookCommands(s, commands);
}
