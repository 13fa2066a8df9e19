import vscode = require('vscode');
import { sanitizeSegment } from '../../core/fixtures/naming';
import type { Row } from '../../shared/protocol';

export const PAYLOAD_SCHEME = 'transcrypts-payload';

/** A delivery's document name: its event type and delivery id, safe as a path segment. */
export function payloadName(row: Pick<Row, 'event_type' | 'webhook_id'>): string {
  return `${sanitizeSegment(row.event_type)}-${sanitizeSegment(row.webhook_id)}`;
}

/** Read-only JSON documents of payloads (Open in Editor): folding and search work; nothing is written anywhere. */
export class PayloadDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PAYLOAD_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? `// ${vscode.l10n.t('This payload is no longer in memory: open it again from the history panel.')}\n`;
  }

  /** A read-only document with this text (for the diff editor). */
  register(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PAYLOAD_SCHEME, path: `/${name}.json` });
    this.docs.set(uri.toString(), text);
    return uri;
  }

  async open(name: string, payload: unknown): Promise<vscode.TextEditor> {
    const uri = this.register(name, `${JSON.stringify(payload, null, 2)}\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.registration.dispose();
    this.docs.clear();
  }
}
