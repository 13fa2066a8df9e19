/**
 * What an agent tool may use: the connected environments' clients, a secret only to sign a replay (never returned),
 * where the user's receiver is. The VS Code adapter fills it from the connection; the MCP server from its
 * environment variables or a sandbox it started. No `vscode`.
 */
import type { TranscryptsClient } from '../api/client';
import type { SignatureFormat } from '../signature';

export interface AgentContext {
  /** The environments with a secret, in the connection's order. */
  environments(): string[];
  client(env: string): TranscryptsClient | undefined;
  /** The secret that signs replays to the receiver (the workspace test secret, else the environment's). */
  signingSecret(env: string): Promise<string | undefined>;
  signatureFormat(): SignatureFormat;
  /** Where the user's receiver listens (replays and receiver tests go there). */
  receiverUrl(): string;
  /** Whether the API is a local sandbox (test events can be triggered there only). */
  isLocalSandbox(): boolean;
  /** The fixture redaction rules (get_delivery redacts with them unless asked not to and allowed). */
  redactRules(): readonly string[] | undefined;
  /** Whether a tool may return a delivery unredacted (`redact: false`). */
  allowUnredacted: boolean;
  /** Every secret known here: removed from every result in any encoding, whatever a server echoed. */
  knownSecrets(): string[];
  /** The user's project, for the tools that read or write in it; undefined: there is none. */
  workspace(): AgentWorkspace | undefined;
  /** Listen (VS Code only: a terminal forwards new deliveries); undefined in the MCP server. */
  listen?: ListenControl;
}

/** What the Listen tools ask of VS Code. Both throw a ToolError with what is wrong. */
export interface ListenControl {
  start(request: { environment: string; forwardTo?: string; events?: string[]; configurationId?: string }): Promise<unknown>;
  stop(environment?: string): Promise<unknown>;
}

export interface AgentWorkspace {
  /** Absolute: every write stays inside it, on its real path. */
  root: string;
  /** The configurations file, relative to the root. */
  configFile: string;
  /** The fixtures folder and file name pattern (as the fixture settings say). */
  fixturesFolder: string;
  fixtureFileName: string;
}

/** A tool failed in a way the model can act on: the message says what and how to go on. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}
