/** Signatures: verify a body against a header, the workspace's replay test secret. */
import type { CommandRegistry } from '../platform/commandRegistry';
import { registerSignatureCommands, type SignatureDeps } from './commands';

export function wireSignature(s: SignatureDeps, commands: CommandRegistry): void {
  registerSignatureCommands(s, commands);
}
