/**
 * The pseudoterminal "Transcrypts Listen (<env>)": one line per forwarded delivery, like the peers' CLIs. The same
 * terminal serves a command's session and a `transcrypts-listen` task (CustomExecution): opening it starts the
 * listening, closing it (or Ctrl+C) stops it, and a stop from elsewhere ends it (a task then ends).
 */
import vscode = require('vscode');
import type { ListenRequest } from './request';
import { errorMessage } from '../../shared/errorMessage';

/** What a terminal needs of the session manager (listening.ts). */
export interface ListenHost {
  start(request: ListenRequest, terminal: ListenTerminal): Promise<void>;
  /** Ctrl+C in the terminal. */
  stopFrom(terminal: ListenTerminal): Promise<void>;
  /** The terminal was closed (by the user, or by a closing window): forget it, and stop its session if it runs. */
  closed(terminal: ListenTerminal): Promise<void>;
}

const MAX_IDS = 5000;

export class ListenTerminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  private opened = false;
  private ended = false;
  private readonly pending: string[] = [];
  /** The delivery ids printed (the link provider makes only these clickable). */
  readonly printed = new Set<string>();

  constructor(
    private readonly host: ListenHost,
    readonly request: ListenRequest,
    /** A task's terminal ends with the listening; a command's stays open to be read, until a key is pressed. */
    readonly task: boolean,
  ) {}

  open(): void {
    this.opened = true;
    for (const text of this.pending.splice(0)) this.writes.fire(text);
    this.host.start(this.request, this).catch((e: unknown) => {
      this.line(`\x1b[31m${errorMessage(e)}\x1b[0m`);
      this.end(1);
    });
  }

  /** The terminal was closed (its trash icon, the task was terminated): stop, and let it go. */
  close(): void {
    this.ended = true;
    void this.host.closed(this).finally(() => this.dispose());
  }

  handleInput(data: string): void {
    if (this.ended) {
      // After the stop, any key closes the terminal.
      this.closes.fire();
      return;
    }
    if (data === '\x03') void this.host.stopFrom(this);
  }

  /** Print one line (CRLF: a pseudoterminal moves the cursor only as told). */
  line(text = ''): void {
    const out = `${text}\r\n`;
    if (this.opened) this.writes.fire(out);
    else this.pending.push(out);
  }

  remember(deliveryId: string): void {
    if (this.printed.size >= MAX_IDS) this.printed.delete(this.printed.values().next().value as string);
    this.printed.add(deliveryId);
  }

  /** The listening ended: a task's terminal closes with `code`; a command's says how to close it. */
  end(code: number): void {
    if (this.ended && this.task) return;
    this.ended = true;
    if (this.task) this.closes.fire(code);
    else this.line(vscode.l10n.t('Press any key to close this terminal.'));
  }

  get isEnded(): boolean {
    return this.ended;
  }

  dispose(): void {
    this.writes.dispose();
    this.closes.dispose();
  }
}
