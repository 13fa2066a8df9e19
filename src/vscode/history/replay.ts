/** Replay to URL and Copy as cURL: the exact payload, signed afresh (the workspace test secret, else the environment's). */
import vscode = require('vscode');
import { webhookUrlProblem } from '../../core/model';
import { buildReplay, curlCommand, defaultReplayUrl, sendReplay } from '../../core/replay/replay';
import type { Row } from '../../shared/protocol';
import { COMMANDS } from '../platform/constants';
import { offer } from '../platform/errors';
import { rowsOf, type ActionResult, type ReplayAnswer, type Session } from './session';
import { STATE_KEYS } from '../platform/stateKeys';

const REPLAY_URL_KEY = STATE_KEYS.replayUrl;

/** What signs replays: the workspace test secret when set, else the environment's (as the receiver verifies real deliveries). */
async function signing(s: Session): Promise<{ secret: string; label: string } | undefined> {
  const found = await s.deps.replaySecret.signing(s.scope.env);
  if (!found) {
    void offer('warning', vscode.l10n.t('There is no {0} secret to sign the replay with.', s.scope.env), {
      title: vscode.l10n.t('Set a Test Secret for This Workspace…'),
      run: () => vscode.commands.executeCommand(COMMANDS.setReplaySecret),
    });
  }
  return found;
}

interface Counts {
  accepted: number;
  rejected: number;
  failed: number;
  cancelled: number;
}

/**
 * Replay one delivery or a selection (oldest first, one at a time): each answer as it arrives (`onAnswer`), and a
 * summary for a selection.
 */
export async function replay(s: Session, keys: readonly number[], onAnswer?: (a: ReplayAnswer) => void): Promise<ActionResult> {
  const rows = rowsOf(s, keys).sort((a, b) => Date.parse(a.event_created_at) - Date.parse(b.event_created_at));
  const sign = rows.length > 0 ? await signing(s) : undefined;
  if (!sign) return {};
  const url = await askUrl(s, rows, sign.label);
  if (!url) return {};
  const counts: Counts = { accepted: 0, rejected: 0, failed: 0, cancelled: 0 };
  const one = async (row: Row): Promise<void> => {
    const req = buildReplay(row.payload, url, sign.secret, s.deps.connection.signatureFormat());
    const result = await sendReplay(req);
    if (!result.ok) counts.failed++;
    else if (result.status < 300) counts.accepted++;
    else counts.rejected++;
    s.deps.log.info(`Replayed delivery ${row.webhook_id} to ${req.url} (${sign.label}): ${result.ok ? `HTTP ${result.status}` : result.error} in ${result.ms} ms.`);
    onAnswer?.({ key: row.key, url: req.url, result });
  };
  const [first] = rows;
  if (rows.length === 1 && first) {
    await one(first);
    return {};
  }
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Replaying {0} deliveries', rows.length), cancellable: true }, async (progress, token) => {
    for (const [i, row] of rows.entries()) {
      if (token.isCancellationRequested) {
        counts.cancelled = rows.length - i;
        break;
      }
      await one(row);
      progress.report({ increment: 100 / rows.length, message: vscode.l10n.t('{0} of {1}', i + 1, rows.length) });
    }
  });
  const summary = replaySummary(rows.length, url, counts);
  if (counts.rejected + counts.failed > 0) void vscode.window.showWarningMessage(summary);
  else void vscode.window.setStatusBarMessage(`$(check) ${summary}`, 6000);
  return { message: summary };
}

async function askUrl(s: Session, rows: readonly Row[], signedWith: string): Promise<string | undefined> {
  const n = rows.length;
  const remembered = defaultReplayUrl(s.deps.workspaceState.get<string>(REPLAY_URL_KEY), rows[0]?.webhook_url);
  const url = await vscode.window.showInputBox({
    title: n === 1 ? vscode.l10n.t('Replay to URL') : vscode.l10n.t('Replay {0} deliveries to URL', n),
    prompt: n === 1 ? vscode.l10n.t('POST the exact payload signed afresh with {0}', signedWith) : vscode.l10n.t('POST the exact payloads, oldest first, signed afresh with {0}', signedWith),
    value: remembered,
    ignoreFocusOut: true,
    validateInput: (v) => webhookUrlProblem(v.trim()),
  });
  if (!url) return undefined;
  await s.deps.workspaceState.update(REPLAY_URL_KEY, url.trim());
  return url.trim();
}

function replaySummary(total: number, url: string, c: Counts): string {
  const sent = vscode.l10n.t('Replayed {0} of {1} to {2}: {3} accepted (2xx), {4} answered with an error status, {5} without an answer.', total - c.cancelled, total, url, c.accepted, c.rejected, c.failed);
  return c.cancelled ? `${sent} ${vscode.l10n.t('{0} cancelled.', c.cancelled)}` : sent;
}

/** The command targets the delivery's own URL, unless the user chose a replay URL in this workspace; it says which. */
export async function copyCurl(s: Session, key: number): Promise<string | undefined> {
  const row = s.rows.get(key);
  const sign = row && (await signing(s));
  if (!row || !sign) return undefined;
  const chosen = s.deps.workspaceState.get<string>(REPLAY_URL_KEY);
  const req = buildReplay(row.payload, chosen ?? row.webhook_url, sign.secret, s.deps.connection.signatureFormat());
  await vscode.env.clipboard.writeText(curlCommand(req));
  const said = chosen
    ? vscode.l10n.t('Copied as cURL to your replay URL {0} (signed; the secret is not in it).', req.url)
    : vscode.l10n.t('Copied as cURL to the delivery\'s own URL {0} (signed; the secret is not in it).', req.url);
  void vscode.window.setStatusBarMessage(`$(copy) ${said}`, 6000);
  return said;
}
