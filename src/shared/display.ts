/**
 * How server-sent text is shown (tree labels, descriptions, tooltips, history rows): invisible or reordering
 * characters made visible, and values cut to a sane length. Used by the extension host and the webview alike;
 * no DOM, no Node. Its words go through @vscode/l10n (configured in the webview; English in the host).
 */
import * as l10n from '@vscode/l10n';
import { STATUS_CODE_MAX, STATUS_CODE_MIN } from './limits';

/** Longest server-sent value shown in full in a label, a description, a tooltip or a list cell. */
export const MAX_SHOWN = 500;

// Bidi embeddings, overrides and isolates, the directional marks, and the line/paragraph separators.
const CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

/** Bidi controls and line separators as visible escapes (`\u202E`): a name can never display reordered. */
export function showControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * A count as the extension writes counts (`50,000`: en-US grouping, as everywhere in its words). Not through
 * `toLocaleString`: its first call loads ICU's number formats, 10 ms in the middle of the tree's answer.
 */
export function countText(n: number): string {
  return Number.isSafeInteger(n) && (n > 0 || Object.is(n, 0)) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US');
}

/** At most `max` characters, with an ellipsis saying how much was cut. */
export function cut(text: string, max = MAX_SHOWN): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair.
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${countText(text.length - end)} more characters)`;
}

/** A server-sent value as shown in a label or a cell: controls visible, cut to MAX_SHOWN. */
export function displayText(text: string, max = MAX_SHOWN): string {
  return showControls(cut(text, max));
}

/** `2026-11-27 14:03:09 UTC` from a date the server sent, or undefined when it is not a real date. */
export function formatDate(value: string | undefined): string | undefined {
  if (value === undefined || value.length > 64) return undefined;
  // Only ISO 8601 shapes: V8's Date.parse accepts "2026-11-27 (<anything>)", which must not pass as a date.
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.test(value)) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return undefined;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The status cell: `no response`, the code, or `invalid (999)` for a value outside the HTTP range. */
export function statusText(code: number | null): string {
  if (code === null) return l10n.t('no response');
  return isValidStatus(code) ? String(code) : l10n.t('invalid ({0})', code);
}

export function isValidStatus(code: number): boolean {
  return Number.isInteger(code) && code >= STATUS_CODE_MIN && code <= STATUS_CODE_MAX;
}

/**
 * Server-sent text in Markdown is shown as text, never interpreted: every Markdown character escaped, line breaks
 * (\r, \n, U+2028, U+2029) and bidi controls made visible so a value cannot end a table row or reorder it,
 * and `:` escaped so no scheme autolinks.
 */
export function escapeMd(text: string): string {
  return showControls(text.replace(/\r\n|\r|\n/g, ' ')).replace(/[\\`*_{}[\]()#+\-.!<>|~$:&=%@]/g, '\\$&');
}

/** A URL as a list shows it: host and path. */
export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}
