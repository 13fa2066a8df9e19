import vscode = require('vscode');
import { Redactor } from '../../core/log/redact';

/** The "Transcrypts" log channel. Every line goes through the redactor: no secret reaches the log. */
export class Log implements vscode.Disposable {
  readonly redactor = new Redactor();
  private readonly channel = vscode.window.createOutputChannel('Transcrypts', { log: true });

  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }
  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `: ${error.message}` : error === undefined ? '' : `: ${String(error)}`;
    this.channel.error(this.redactor.redact(message + detail));
  }
  debug(message: string): void {
    // Redacted only when written: a request's line is made for every call, written at the Debug level only.
    if (this.channel.logLevel > vscode.LogLevel.Debug || this.channel.logLevel === vscode.LogLevel.Off) return;
    this.channel.debug(this.redactor.redact(message));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
