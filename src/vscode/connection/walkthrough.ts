/**
 * The Get Started walkthrough opens by itself once, on the first activation after the install, while nothing is
 * connected — as VS Code does for an extension installed from the Marketplace, but also after `code
 * --install-extension`, a `.vsix` or `npm start` (m1). VS Code's own setting
 * `workbench.welcomePage.walkthroughs.openOnInstall` turns it off.
 */
import vscode = require('vscode');
import type { Connection } from './connection';
import { anySetting } from '../platform/settings/read';
import { STATE_KEYS } from '../platform/stateKeys';

export const WALKTHROUGH_ID = 'transcrypts.transcrypts-webhooks#gettingStarted';
/** Set once the walkthrough was offered (opened, or not because of the setting or a connection). */
export const WALKTHROUGH_OFFERED_KEY = STATE_KEYS.walkthroughOffered;

/** True when it opened the walkthrough now. */
export async function openWalkthroughOnFirstRun(globalState: vscode.Memento, connection: Connection): Promise<boolean> {
  if (globalState.get<boolean>(WALKTHROUGH_OFFERED_KEY)) return false;
  await globalState.update(WALKTHROUGH_OFFERED_KEY, true);
  if (anySetting('workbench.welcomePage.walkthroughs.openOnInstall') === false || connection.mode) return false;
  // Beside the user's editors, without taking the focus from what they are doing.
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  return true;
}
