/**
 * Restricted Mode: the tree, the history and replays work in a folder the user has not trusted; what writes into
 * the folder or keeps something for it (fixtures, the drift check's quick fixes, the workspace test secret) waits
 * for trust and says so, with the way to grant it.
 */
import vscode = require('vscode');

/** True when the folder is trusted; otherwise says what waits for trust (`what` is a whole sentence's subject). */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage: vscode.MessageItem = { title: vscode.l10n.t('Manage Workspace Trust') };
  const chosen = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} waits for trust: this folder is open in Restricted Mode. Trust it, then try again.', what),
    manage,
  );
  if (chosen === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
