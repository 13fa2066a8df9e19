/**
 * The one error funnel: every failure tells the user what happened and what to do next, goes to the log
 * redacted, and a cancellation stays silent. Choices are objects with their own action — control flow never
 * keys on a button's label.
 */
import vscode = require('vscode');
import { ApiError } from '../../core/api/errors';
import { COMMANDS } from './constants';
import type { Log } from './log';
import { errorMessage } from '../../shared/errorMessage';

export interface ReportOptions {
  /** What was being done: "Could not delete "Orders"". */
  what: string;
  retry?: () => unknown;
  /** The environment whose secret a 401 names (offers Re-enter Secret). */
  env?: string;
}

/** A button of a notification, with what it does. */
export interface Choice extends vscode.MessageItem {
  run(): unknown;
}

export function describe(e: unknown): string {
  return errorMessage(e);
}

/** A user's cancel (Esc, a progress notification's Cancel, an aborted request): nothing to report. */
export function isCancellation(e: unknown): boolean {
  return e instanceof vscode.CancellationError || (e instanceof ApiError && e.kind === 'cancelled');
}

/** Shows a message with choices and runs the chosen one; resolves to whether one was chosen. */
export async function offer(
  severity: 'info' | 'warning' | 'error',
  message: string,
  ...choices: Choice[]
): Promise<boolean> {
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const chosen = await show<Choice>(message, ...choices);
  if (!chosen) return false;
  await chosen.run();
  return true;
}

/** The one way a failure reaches the user: logged, redacted, with Retry / Re-enter Secret / Show Logs as fit. */
export async function reportError(log: Log, e: unknown, o: ReportOptions): Promise<void> {
  if (isCancellation(e)) {
    log.info(`${o.what}: cancelled.`);
    return;
  }
  log.error(o.what, e);
  const choices: Choice[] = [];
  const env = o.env;
  if (e instanceof ApiError && e.kind === 'auth' && env) {
    choices.push({ title: vscode.l10n.t('Re-enter {0} Secret', env), run: () => vscode.commands.executeCommand(COMMANDS.setSecret, env) });
  }
  const retry = o.retry;
  if (retry && (!(e instanceof ApiError) || e.transient || e.kind === 'bad_response')) choices.push({ title: vscode.l10n.t('Retry'), run: retry });
  choices.push({ title: vscode.l10n.t('Show Logs'), run: () => log.show() });
  await offer('error', `${o.what}: ${log.redactor.redact(describe(e))}`, ...choices);
}
