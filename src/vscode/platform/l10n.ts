/**
 * Words from outside the host layer (core's messages, shared display text) go through `@vscode/l10n`, which knows
 * no language until it is given a bundle. The host gives it VS Code's: the extension's bundle for the display
 * language (undefined in English, where each message is its own text).
 */
import vscode = require('vscode');
import * as l10n from '@vscode/l10n';

export function configureL10n(): void {
  const contents = vscode.l10n.bundle;
  if (contents) l10n.config({ contents });
}
