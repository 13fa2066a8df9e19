/** Save as Fixture / Save Selected / Save All Filtered from the panel, and the sentence that says what happened. */
import vscode = require('vscode');
import type { Row } from '../../shared/protocol';
import { CONTEXT } from '../platform/constants';
import { offer, type Choice } from '../platform/errors';
import { setting } from '../platform/settings/read';
import { saveFixtures, type SaveSummary } from '../fixtures/save';
import { rowsOf, type Session } from './session';
import { setContextKey } from '../platform/contextKeys';

/** Saves the rows of these keys; the summary the panel shows (undefined when the user cancelled). */
export async function save(s: Session, keys: readonly number[], askFormat: boolean): Promise<string | undefined> {
  const rows = rowsOf(s, keys);
  // The loaded rows, newest first, are the real deliveries the types and schemas are merged from.
  const samples: Row[] = [...s.rows.values()].reverse();
  const summary = await saveFixtures(rows, s.scope.env, s.deps.log, { askFormat, samples });
  if (!summary) return undefined;
  const message = saveSummary(summary);
  if (summary.written.length + summary.shown.length > 0) void setContextKey(CONTEXT.fixtureSaved, true);
  const first = summary.written[0] ?? summary.shown[0];
  const where = setting('fixtures.openAfterSave');
  const opened = rows.length === 1 && first !== undefined && where !== 'none';
  if (opened) await openFixture(first, where === 'beside');
  void notify(message, summary, opened, s);
  return message;
}

/** A saved fixture, where the user wants it: a tab in the panel's group by default, so the panel keeps its width. */
export async function openFixture(file: vscode.Uri, beside: boolean): Promise<void> {
  const viewColumn = beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  await vscode.window.showTextDocument(file, { preview: setting('fixtures.openAsPreview'), viewColumn });
}

/** What happened, with Open (when nothing was opened) and Reveal in Explorer; Show Logs when a file failed. */
function notify(message: string, summary: SaveSummary, opened: boolean, s: Session): Thenable<unknown> {
  const uri = summary.written[0] ?? summary.shown[0];
  const choices: Choice[] = [];
  if (uri && !opened) choices.push({ title: vscode.l10n.t('Open'), run: () => openFixture(uri, setting('fixtures.openAfterSave') === 'beside') });
  if (uri) choices.push({ title: vscode.l10n.t('Reveal in Explorer'), run: () => vscode.commands.executeCommand('revealInExplorer', uri) });
  if (summary.failed.length) choices.push({ title: vscode.l10n.t('Show Logs'), run: () => s.deps.log.show() });
  return offer(summary.failed.length ? 'warning' : 'info', message, ...choices);
}

/** One sentence per fact, each a whole sentence (translatable), joined. */
export function saveSummary(summary: SaveSummary): string {
  const n = summary.written.length;
  const ts = summary.format === 'typescript';
  const parts: string[] = [];
  // "0 written" only when nothing else is to say (a second save of one delivery says "already saved" alone).
  if (n > 0 || (!summary.unchanged && !summary.skipped && !summary.failed.length)) {
    parts.push(n === 1 ? (ts ? vscode.l10n.t('1 TypeScript fixture written') : vscode.l10n.t('1 fixture written')) : ts ? vscode.l10n.t('{0} TypeScript fixtures written', n) : vscode.l10n.t('{0} fixtures written', n));
  }
  if (summary.renamed) parts.push(vscode.l10n.t('{0} with a numbered suffix (a different file had the name)', summary.renamed));
  if (summary.unchanged) parts.push(unchanged(summary));
  if (summary.skipped) parts.push(vscode.l10n.t('{0} skipped', summary.skipped));
  const failed = summary.failed[0];
  if (failed) parts.push(vscode.l10n.t('{0} could not be written ({1}: {2})', summary.failed.length, failed.file, failed.error));
  if (summary.redacted) parts.push(vscode.l10n.t('{0} personal values redacted', summary.redacted));
  if (summary.replaced) parts.push(vscode.l10n.t('{0} invalid characters (lone surrogates) replaced by � in the types', summary.replaced));
  const schemas = summary.schemas.length;
  if (schemas) parts.push(schemas === 1 ? vscode.l10n.t('1 JSON Schema refreshed') : vscode.l10n.t('{0} JSON Schemas refreshed', schemas));
  const text = parts.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function unchanged(summary: SaveSummary): string {
  const as = summary.sameAs[0];
  if (!as) return vscode.l10n.t('{0} already saved, unchanged', summary.unchanged);
  const name = as.split('/').pop() ?? as;
  const more = summary.sameAs.length - 1;
  return more > 0
    ? vscode.l10n.t('{0} already saved, unchanged (as {1} and {2} more numbered copies)', summary.unchanged, name, more)
    : vscode.l10n.t('{0} already saved, unchanged (as {1})', summary.unchanged, name);
}
