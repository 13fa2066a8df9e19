/** A failed receiver case as a Test Results message: expected and actual for the diff, and the request it sent. */
import vscode = require('vscode');
import type { ReceiverCase } from '../../core/receiverTests/cases';
import type { CaseResult, Exchange } from '../../core/receiverTests/runner';

const expected = (x: Exchange) => (x.expect === 'accept' ? vscode.l10n.t('2xx within 10 s') : vscode.l10n.t('4xx (refused), e.g. 401'));

function actual(x: Exchange): string {
  const head = x.status !== undefined ? vscode.l10n.t('{0} in {1} ms', x.status, x.ms) : `${x.error ?? ''} (${x.ms} ms)`;
  return x.body ? `${head}\n\n${x.body}` : head;
}

/** The request as sent: method, URL, headers (the signature, never the secret) and the start of the body. */
export function requestText(x: Exchange): string {
  const headers = Object.entries(x.request.headers).map(([k, v]) => `${k}: ${v}`);
  return [`POST ${x.request.url}`, ...headers, vscode.l10n.t('({0} bytes)', x.request.bytes), '', x.request.bodyExcerpt].join('\n');
}

/** What went wrong, the rule with its source, and the request that broke it. */
export function caseMessage(c: ReceiverCase, r: CaseResult, uri: vscode.Uri | undefined): vscode.TestMessage {
  const bad = r.exchanges.find((x) => x.problem !== undefined) ?? r.exchanges.at(-1);
  if (!bad) return new vscode.TestMessage(r.message);
  const m = vscode.TestMessage.diff(`${r.message}\n\n${c.description}\n\n${vscode.l10n.t('Sent ({0}):', bad.note)}\n${requestText(bad)}`, expected(bad), actual(bad));
  if (uri) m.location = new vscode.Location(uri, new vscode.Position(0, 0));
  return m;
}
