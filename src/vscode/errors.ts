/** Every failure tells the user what happened and what to do next, and goes to the log (redacted). */
import * as vscode from 'vscode';
import { ApiError } from '../core/api/errors';
import { COMMANDS } from './constants';
import type { Log } from './log';

export interface ReportOptions {
  /** What was being done: "Could not delete "Orders"". */
  what: string;
  retry?: () => unknown;
  env?: string;
}

export function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function reportError(log: Log, e: unknown, o: ReportOptions): Promise<void> {
  log.error(o.what, e);
  const actions: string[] = [];
  if (e instanceof ApiError && e.kind === 'auth' && o.env) actions.push(`Re-enter ${o.env} Secret`);
  if (o.retry && (!(e instanceof ApiError) || e.transient || e.kind === 'bad_response')) actions.push('Retry');
  actions.push('Show Logs');
  const choice = await vscode.window.showErrorMessage(`${o.what}: ${log.redactor.redact(describe(e))}`, ...actions);
  if (choice === 'Retry') await o.retry?.();
  else if (choice === 'Show Logs') log.show();
  else if (choice?.startsWith('Re-enter')) await vscode.commands.executeCommand(COMMANDS.setSecret, o.env);
}
