/** Signatures: verify a body against a header, the workspace's replay test secret. */
import type { CommandRegistry } from '../platform/commandRegistry';
import type { Services } from '../services';
import { registerSignatureCommands } from './commands';

export function wireSignature(s: Services, commands: CommandRegistry): void {
  registerSignatureCommands(s, commands);
}
