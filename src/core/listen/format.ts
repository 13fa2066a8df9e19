/**
 * The lines a listening terminal prints, like the peers' CLIs (`stripe listen`): one per forward, with the time,
 * the event type, the delivery id (a link in the terminal), the receiver's status and latency, and why it failed.
 * Pure text with optional ANSI colours; no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { ForwardedEvent, PollErrorEvent } from './engine';

/**
 * The header's first and last lines start so in every language: the problem matcher `$transcrypts-listen`
 * (package.json) finds them, and tells a preLaunchTask that the forwarding has started.
 */
export const HEADER_BEGINS = 'Transcrypts Listen ⇢ ';
export const HEADER_ENDS = 'Transcrypts Listen ✓ ';

const ESC = '\x1b[';
const paint = (on: boolean, code: string, text: string) => (on ? `${ESC}${code}m${text}${ESC}0m` : text);

/** `HH:MM:SS` in local time. */
export function clock(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * Control characters (and bidi controls) of text from the network or a file, shown as `?`: a payload's event name
 * cannot move the cursor, and no text can display reordered.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '?');
}

/**
 * `12:03:04  order-status-updated     <delivery id>  → 200   12 ms` and, on failure, the reason and the retry.
 * The delivery id is the third field, alone between spaces (the terminal's link provider finds it there).
 */
export function forwardLine(e: ForwardedEvent, at: Date, colour = true): string {
  const status = e.status !== undefined ? String(e.status) : 'ERR';
  const statusText = paint(colour, e.ok ? '32' : '31', status.padEnd(3));
  const attempt = e.attempt > 1 ? l10n.t(' (attempt {0} of {1})', e.attempt, e.attempts) : '';
  const why = e.ok ? '' : `  ${paint(colour, '31', printable(e.error ?? l10n.t('failed')))}`;
  const retry = e.retryInMs !== undefined ? paint(colour, '33', `  ${l10n.t('retry in {0} s', Math.round(e.retryInMs / 1000))}`) : '';
  const type = printable(e.eventType || '(none)').replace(/\s/g, '_').padEnd(30);
  return `${paint(colour, '90', clock(at))}  ${type}  ${printable(e.deliveryId)}  → ${statusText} ${String(e.ms).padStart(5)} ms${attempt}${why}${retry}`;
}

/** A failed read of the history, and when the next one is. */
export function pollErrorLine(e: PollErrorEvent, at: Date, colour = true): string {
  const next = e.fatal ? l10n.t('listening stopped') : l10n.t('next read in {0} s', Math.max(1, Math.round((e.retryInMs ?? 0) / 1000)));
  return `${paint(colour, '90', clock(at))}  ${paint(colour, '33', l10n.t('history: {0} ({1})', printable(e.message), next))}`;
}

/** The delivery id a printed forward line carries (its third field) and where it starts, or undefined. */
export function deliveryIdOfLine(line: string): { id: string; start: number } | undefined {
  const m = /^(\d\d:\d\d:\d\d {2}\S+ +)(\S+) {2}\u2192 /.exec(line);
  return m ? { id: m[2] as string, start: (m[1] as string).length } : undefined;
}
