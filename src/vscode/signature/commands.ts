/** Verify Signature: does an X-WEBHOOK-SIGN header sign a body (the active editor's text, or pasted) with a chosen secret? */
import vscode = require('vscode');
import { envLabel, type EnvType } from '../../core/model';
import { parseSignature } from '../../core/signature';
import { diagnoseSignature, type NamedSecret, type Verdict } from '../../core/replay/replay';
import { COMMANDS } from '../platform/constants';
import { requireTrust } from '../platform/trust';
import type { Connection } from '../connection/connection';
import type { Log } from '../platform/log';
import type { ReplaySecret } from './replaySecret';
import { offer } from '../platform/errors';
import type { CommandContext, CommandRegistry } from '../platform/commandRegistry';

export interface VerifyArgs {
  /** The file whose text is the body (else the active editor's). */
  uri?: vscode.Uri;
  header?: string;
  /** An environment, or `workspace test` for the replay test secret. */
  env?: EnvType | 'workspace test';
}

/** What the signature commands use (the services of extension.ts have them). */
export interface SignatureDeps {
  connection: Connection;
  log: Log;
  replaySecret: ReplaySecret;
}

export function registerSignatureCommands(s: SignatureDeps, r: CommandRegistry): void {
  const verify = async (c: CommandContext): Promise<Verdict | undefined> => {
    const args = verifyArgs(c);
    const envs = s.connection.environments.filter((e) => s.connection.secret(e));
    const testSecret = await s.replaySecret.get();
    if (envs.length === 0 && !testSecret) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Verify Signature needs an environment secret: connect first (or use the local sandbox), or set a replay test secret for this workspace.'));
      return undefined;
    }
    // The body: the raw text of the active editor (a fixture file or a pasted body), else asked for.
    const document = args?.uri ? await vscode.workspace.openTextDocument(args.uri) : vscode.window.activeTextEditor?.document;
    let body = document?.getText();
    if (!body) {
      body = await vscode.window.showInputBox({ title: vscode.l10n.t('Verify Signature (1/2)'), prompt: vscode.l10n.t('Paste the raw request body exactly as received'), ignoreFocusOut: true });
      if (body === undefined) return undefined;
    }
    const header =
      args?.header ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Verify Signature'),
        prompt: vscode.l10n.t('The X-WEBHOOK-SIGN header value: v1=<hex> or the bare hex digest'),
        placeHolder: vscode.l10n.t('v1=0123abcd… or 0123abcd…'),
        ignoreFocusOut: true,
        validateInput: (v) => (parseSignature(v) ? undefined : vscode.l10n.t('Expected v1= followed by 64 hex characters, or the 64 hex characters alone.')),
      }));
    if (header === undefined) return undefined;
    const candidates: NamedSecret[] = envs.map((e) => ({ label: e, secret: s.connection.secret(e) ?? '' }));
    if (testSecret) candidates.push({ label: 'workspace test', secret: testSecret });
    let chosen: string | undefined = candidates.some((c) => c.label === args?.env) ? args?.env : undefined;
    if (!chosen) {
      chosen =
        candidates.length === 1
          ? candidates[0]?.label
          : (
              await vscode.window.showQuickPick(
                candidates.map((c) => ({ label: c.label === 'workspace test' ? vscode.l10n.t('Workspace test secret') : envLabel(c.label), name: c.label })),
                { title: vscode.l10n.t('Verify with which secret?') },
              )
            )?.name;
    }
    if (!chosen) return undefined;
    const first = chosen;
    // The chosen secret first; the others tell "signed with another secret" apart from a changed body.
    const secrets = [...candidates.filter((c) => c.label === first), ...candidates.filter((c) => c.label !== first)];
    const verdict = diagnoseSignature(body, header, secrets);
    const source = document ? vscode.l10n.t('the body in {0}', document.uri.path.split('/').pop() ?? '') : vscode.l10n.t('the pasted body');
    const form = verdict.format === 'hex' ? vscode.l10n.t(' (bare-hex form)') : verdict.format === 'v1' ? vscode.l10n.t(' (v1= form)') : '';
    if (verdict.ok) void vscode.window.showInformationMessage(vscode.l10n.t('The signature{0} matches {1} with the {2} secret.', form, source, verdict.matched));
    else void vscode.window.showWarningMessage(vscode.l10n.t('The signature does not match {0}: {1}', source, verdict.reason));
    s.log.info(`Verify Signature (${chosen}): ${verdict.ok ? 'match' : `no match: ${verdict.reason}`}`);
    return verdict;
  };
  const setReplaySecret = async (c: CommandContext): Promise<boolean> => {
    if (!(await requireTrust(vscode.l10n.t('A test secret for this workspace')))) return false;
    const secret =
      c.text ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Replay Test Secret for This Workspace'),
        prompt: vscode.l10n.t('Replays and Copy as cURL sign with this secret instead of the environment\'s (kept in VS Code\'s secret storage)'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length < 8 ? vscode.l10n.t('Use at least 8 characters.') : /\s/.test(v.trim()) ? vscode.l10n.t('A secret has no spaces.') : undefined),
      }));
    if (secret === undefined) return false;
    await s.replaySecret.set(secret.trim());
    void offer('info', vscode.l10n.t('Replays in this workspace are signed with its test secret.'), {
      title: vscode.l10n.t('Clear It'),
      run: () => vscode.commands.executeCommand(COMMANDS.clearReplaySecret),
    });
    return true;
  };
  const clearReplaySecret = async (): Promise<void> => {
    await s.replaySecret.clear();
    void vscode.window.setStatusBarMessage(vscode.l10n.t('$(key) Replays are signed with the environment\'s secret again'), 4000);
  };
  r.register(COMMANDS.verifySignature, verify);
  r.register(COMMANDS.setReplaySecret, setReplaySecret);
  r.register(COMMANDS.clearReplaySecret, clearReplaySecret);
}

/** From the editor title menu the argument is the file's URI; from tests and other commands, VerifyArgs. */
function verifyArgs(c: CommandContext): VerifyArgs {
  const header = c.args?.['header'];
  return { uri: c.uri, header: typeof header === 'string' ? header : undefined, env: c.env };
}
