/**
 * Compare With…: another loaded delivery or a fixture file, keys in canonical order, in the diff editor. A side
 * nesting deeper than MAX_DOCUMENT_DEPTH is refused before anything walks it, saying which and how deep.
 */
import vscode = require('vscode');
import { canonicalJson } from '../../core/fixtures/canonical';
import { sanitizeSegment } from '../../core/fixtures/naming';
import { tooDeep } from '../../core/fixtures/depth';
import { MAX_DOCUMENT_DEPTH } from '../../shared/jsonDepth';
import { statusText } from '../../shared/display';
import type { Row } from '../../shared/protocol';
import { payloadName } from './payloadDocuments';
import type { Session } from './session';
import { errorMessage } from '../../shared/errorMessage';

/** Other deliveries listed at most. */
const MAX_CHOICES = 200;

export async function compare(s: Session, key: number): Promise<void> {
  const row = s.rows.get(key);
  if (!row) return;
  // Before the choice: nothing to pick a partner for.
  refuseTooDeep(nameOf(row), row.payload);
  type Item = vscode.QuickPickItem & { other?: Row; file?: true };
  const items: Item[] = [{ label: vscode.l10n.t('$(file) A fixture file…'), description: vscode.l10n.t('JSON in the workspace'), file: true }];
  items.push({ label: vscode.l10n.t('Other {0} deliveries', row.event_type), kind: vscode.QuickPickItemKind.Separator });
  for (const other of s.rows.values()) {
    if (other.key === key || other.event_type !== row.event_type) continue;
    items.push({ label: other.event_created_at, description: `${statusText(other.status_code)} · ${other.configName ?? other.webhook_url}`, detail: other.webhook_id, other });
    if (items.length > MAX_CHOICES) break;
  }
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Compare {0} {1} with…', row.event_type, row.webhook_id), matchOnDetail: true });
  if (!picked) return;
  if (picked.other) refuseTooDeep(nameOf(picked.other), picked.other.payload);
  const right = picked.other ? { name: nameOf(picked.other), uri: register(s, picked.other) } : await fixtureSide(s);
  if (!right) return;
  await vscode.commands.executeCommand('vscode.diff', register(s, row), right.uri, vscode.l10n.t('{0} ↔ {1} (keys sorted)', nameOf(row), right.name));
}

/** A delivery as people tell it apart: its event type and when it happened (not its id). */
function nameOf(row: Row): string {
  const at = Date.parse(row.event_created_at);
  const when = Number.isNaN(at) ? row.event_created_at : new Date(at).toISOString().replace('T', ' ').slice(0, 19);
  return `${row.event_type} ${when}`;
}

/**
 * Throws (the panel's funnel shows it) when a side nests deeper than MAX_DOCUMENT_DEPTH: sorting and printing it
 * would overflow the stack, and 100,000 levels pretty-printed are gigabytes of indentation.
 */
function refuseTooDeep(name: string, value: unknown, side: 'delivery' | 'file' = 'delivery'): void {
  const depth = tooDeep(value);
  if (depth === undefined) return;
  const levels = depth.toLocaleString();
  throw new Error(
    side === 'delivery'
      ? vscode.l10n.t('{0} nests {1} levels, deeper than {2}: too deep to compare. Save as Fixture keeps it whole, as one line of JSON.', name, levels, MAX_DOCUMENT_DEPTH.toLocaleString())
      : vscode.l10n.t('{0} nests {1} levels, deeper than {2}: too deep to compare. Pick a fixture of a real delivery (a few levels).', name, levels, MAX_DOCUMENT_DEPTH.toLocaleString()),
  );
}

function register(s: Session, row: Row): vscode.Uri {
  return s.deps.payloads.register(payloadName(row), canonicalJson(row.payload));
}

/** A JSON file the user picks; a file that is not JSON throws (the panel's funnel reports it, redacted). */
async function fixtureSide(s: Session): Promise<{ name: string; uri: vscode.Uri } | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const files = await vscode.window.showOpenDialog({ defaultUri: folder, canSelectMany: false, filters: { JSON: ['json'] }, openLabel: vscode.l10n.t('Compare') });
  const file = files?.[0];
  if (!file) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
  } catch (e) {
    throw new Error(vscode.l10n.t('{0} is not JSON: {1}', file.fsPath, errorMessage(e)));
  }
  const name = file.path.split('/').pop() ?? 'fixture';
  refuseTooDeep(file.fsPath, parsed, 'file');
  return { name, uri: s.deps.payloads.register(`fixture-${sanitizeSegment(name)}`, canonicalJson(parsed)) };
}
