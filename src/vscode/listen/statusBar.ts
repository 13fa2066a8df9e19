/** The Listen status bar item: a live count while listening (`⇢ 12 forwarded · 1 failed`), else a start button. */
import vscode = require('vscode');
import { envLabel } from '../../core/model';
import type { Connection } from '../connection/connection';
import { COMMANDS } from '../platform/constants';
import type { Listening } from './listening';
import { shortTarget } from './request';

export function createListenStatusBar(listening: Listening, connection: Connection): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('transcrypts.listen', vscode.StatusBarAlignment.Left, 9);
  item.name = vscode.l10n.t('Transcrypts Listen');
  let pending: NodeJS.Timeout | undefined;
  const update = () => {
    pending = undefined;
    const sessions = listening.all;
    if (sessions.length === 0) {
      if (!connection.mode) {
        item.hide();
        return;
      }
      item.text = vscode.l10n.t('$(radio-tower) Listen');
      item.tooltip = vscode.l10n.t('Forward new deliveries to a receiver on this machine (no tunnel). Click to start.');
      item.command = COMMANDS.listenStart;
    } else {
      const forwarded = sessions.reduce((n, s) => n + s.forwarded, 0);
      const failed = sessions.reduce((n, s) => n + s.failed, 0);
      const retrying = sessions.reduce((n, s) => n + s.listener.stats.pendingRetries, 0);
      item.text = [
        vscode.l10n.t('$(radio-tower) ⇢ {0} forwarded', forwarded),
        ...(retrying ? [vscode.l10n.t('{0} retrying', retrying)] : []),
        ...(failed ? [vscode.l10n.t('{0} failed', failed)] : []),
      ].join(' · ');
      item.tooltip = sessions
        .map((s) =>
          vscode.l10n.t('Listening: {0} → {1} ({2} forwarded, {3} retrying, {4} failed)', envLabel(s.request.env), shortTarget(s.request.forwardTo), s.forwarded, s.listener.stats.pendingRetries, s.failed),
        )
        .concat(vscode.l10n.t('Click to show the terminal or stop.'))
        .join('\n');
      item.command = COMMANDS.listenActions;
    }
    item.accessibilityInformation = { label: String(item.tooltip) };
    item.show();
  };
  // A burst of forwards updates the item once per 250 ms.
  const schedule = () => (pending ??= setTimeout(update, 250));
  update();
  return vscode.Disposable.from(item, listening.onDidChange(schedule), connection.onDidChange(update), { dispose: () => clearTimeout(pending) });
}
