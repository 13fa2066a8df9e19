/** The plan's diff editor: the platform's current state against the file's, both in the file's canonical form. */
import vscode = require('vscode');
import { setting } from '../platform/settings/read';

const SCHEME = 'transcrypts-plan';
const texts = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();

/** Read-only documents `transcrypts-plan:/platform.json` and `transcrypts-plan:/file.json`. */
export function registerPlanDocuments(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => texts.get(uri.path) ?? '' }),
    changed,
  );
}

const platform = vscode.Uri.from({ scheme: SCHEME, path: '/platform.json' });
const file = vscode.Uri.from({ scheme: SCHEME, path: '/file.json' });

function setSides(sides: { platform: string; file: string }): void {
  texts.set(platform.path, sides.platform);
  texts.set(file.path, sides.file);
  changed.fire(platform);
  changed.fire(file);
}

/** After an apply (or any new plan), a plan diff still open shows the state now, never the plan before. */
export function refreshPlanDiff(sides: { platform: string; file: string }): void {
  if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === SCHEME)) setSides(sides);
}

export async function showPlanDiff(sides: { platform: string; file: string }): Promise<void> {
  setSides(sides);
  await vscode.commands.executeCommand('vscode.diff', platform, file, vscode.l10n.t('Platform ↔ {0} (plan)', setting('config.file')), { preview: true });
}
