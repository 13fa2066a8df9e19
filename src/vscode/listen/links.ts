/** A delivery id printed by a listening terminal is a link: it opens the delivery in the environment's history. */
import vscode = require('vscode');
import { deliveryIdOfLine } from '../../core/listen';
import type { EnvType } from '../../core/model';
import type { Listening } from './listening';

class DeliveryLink extends vscode.TerminalLink {
  constructor(
    start: number,
    length: number,
    readonly env: EnvType,
    readonly deliveryId: string,
  ) {
    super(start, length, vscode.l10n.t('Open this delivery in the request history'));
  }
}

export function registerListenLinks(listening: Listening, reveal: (env: EnvType, deliveryId: string) => unknown): vscode.Disposable {
  const provider: vscode.TerminalLinkProvider<DeliveryLink> = {
    provideTerminalLinks(context) {
      const found = deliveryIdOfLine(context.line);
      // Only ids a listening terminal printed (a command's terminal or a task's).
      const pty = found && listening.printedBy(found.id);
      return found && pty ? [new DeliveryLink(found.start, found.id.length, pty.request.env, found.id)] : [];
    },
    handleTerminalLink(link) {
      void reveal(link.env, link.deliveryId);
    },
  };
  return vscode.window.registerTerminalLinkProvider(provider);
}
