/**
 * The one command seam. Every command is registered through `CommandRegistry.register`: whatever VS Code passes
 * (a tree node, an id string, a `Uri`, an args object from a test or a `command:` link) becomes one typed
 * `CommandContext`, and the handler runs inside the error funnel (cancellation silent, anything else logged
 * redacted and shown once).
 */
import vscode = require('vscode');
import type { Webhook } from '../../core/api/schemas';
import type { EnvType } from '../../core/model';
import type { CommandId } from './constants';
import { reportError } from './errors';
import type { Log } from './log';

export interface CommandContext {
  /** What the command was invoked on (a tree node), by its kind. */
  readonly node?: { readonly kind: string };
  /** The configuration of a configuration or event node. */
  readonly webhook?: Webhook;
  /** The environment of any node, or `env` of an args object. */
  readonly env?: EnvType;
  /** The event type of an event node. */
  readonly eventType?: string;
  /** A non-empty string argument: a configuration id, an environment or a value, as the command reads it. */
  readonly text?: string;
  /** The file of an Explorer or editor-title menu, or `uri` of an args object. */
  readonly uri?: vscode.Uri;
  /** An args object (tests, other commands, `command:` links), as given. */
  readonly args?: Readonly<Record<string, unknown>>;
}

export type Handler = (c: CommandContext) => unknown;

/**
 * Something a command can be invoked on — a view's node — says what it stands for itself: the platform knows no
 * feature's types (a feature's nodes implement this).
 */
export interface CommandSubject {
  commandContext(): CommandContext;
}

function isSubject(v: unknown): v is CommandSubject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { commandContext?: unknown }).commandContext === 'function';
}

/** What VS Code passed, as one typed context. */
export function contextOf(arg: unknown): CommandContext {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (isSubject(arg)) return arg.commandContext();
  if (typeof arg === 'string') return arg === '' ? {} : { text: arg };
  if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
    const args = arg as Record<string, unknown>;
    return {
      args,
      env: typeof args['env'] === 'string' && args['env'] !== '' ? args['env'] : undefined,
      uri: args['uri'] instanceof vscode.Uri ? args['uri'] : undefined,
    };
  }
  return {};
}

export class CommandRegistry implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly registered = new Set<CommandId>();

  constructor(
    private readonly log: Log,
    /** The command's title as package.json contributes it, for "… failed" messages. */
    private readonly titleOf: (id: CommandId) => string,
  ) {}

  register(id: CommandId, handler: Handler): void {
    if (this.registered.has(id)) throw new Error(`${id} is registered twice`);
    this.registered.add(id);
    this.disposables.push(
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        try {
          return await handler(contextOf(arg));
        } catch (e) {
          void reportError(this.log, e, { what: vscode.l10n.t('{0} failed', this.titleOf(id)) });
          return undefined;
        }
      }),
    );
  }

  /** The ids registered so far (the consistency test holds them against package.json). */
  ids(): CommandId[] {
    return [...this.registered];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
