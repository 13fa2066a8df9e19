/** Verify Signature: does an X-WEBHOOK-SIGN header sign a body (the active editor's text, or pasted) with a chosen secret? */
import * as vscode from 'vscode';
import { ENV_LABELS, ENV_TYPES, isEnvType, type EnvType } from '../../core/model';
import { diagnoseSignature, type NamedSecret, type Verdict } from '../../core/replay/replay';
import { COMMANDS } from '../constants';
import type { Services } from '../services';

export interface VerifyArgs {
  header?: string;
  env?: EnvType;
}

export function registerSignatureCommands(s: Services): vscode.Disposable[] {
  const verify = async (args?: VerifyArgs): Promise<Verdict | undefined> => {
    const envs = ENV_TYPES.filter((e) => s.connection.secret(e));
    if (envs.length === 0) {
      void vscode.window.showWarningMessage('Verify Signature needs an environment secret: connect first (or use the local sandbox).');
      return undefined;
    }
    // The body: the raw text of the active editor (a fixture file or a pasted body), else asked for.
    const editor = vscode.window.activeTextEditor;
    let body = editor?.document.getText();
    if (!body) {
      body = await vscode.window.showInputBox({ title: 'Verify Signature (1/2)', prompt: 'Paste the raw request body exactly as received', ignoreFocusOut: true });
      if (body === undefined) return undefined;
    }
    const header =
      args?.header ??
      (await vscode.window.showInputBox({
        title: 'Verify Signature',
        prompt: 'The X-WEBHOOK-SIGN header value (v1=…)',
        placeHolder: 'v1=0123abcd…',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().startsWith('v1=') ? undefined : 'The header value starts with "v1=".'),
      }));
    if (header === undefined) return undefined;
    let env = args?.env && isEnvType(args.env) ? args.env : undefined;
    if (!env) {
      env =
        envs.length === 1
          ? envs[0]
          : (await vscode.window.showQuickPick(envs.map((e) => ({ label: ENV_LABELS[e], env: e })), { title: 'Verify with which environment\'s secret?' }))?.env;
    }
    if (!env) return undefined;
    const chosen = env;
    const secrets: NamedSecret[] = [chosen, ...envs.filter((e) => e !== chosen)].map((e) => ({ label: e, secret: s.connection.secret(e) ?? '' }));
    const verdict = diagnoseSignature(body, header, secrets);
    const source = editor ? `the body in ${editor.document.uri.path.split('/').pop() ?? 'the editor'}` : 'the pasted body';
    if (verdict.ok) void vscode.window.showInformationMessage(`The signature matches ${source} with the ${verdict.matched} secret.`);
    else void vscode.window.showWarningMessage(`The signature does not match ${source}: ${verdict.reason}`);
    s.log.info(`Verify Signature (${chosen}): ${verdict.ok ? 'match' : `no match: ${verdict.reason}`}`);
    return verdict;
  };
  return [vscode.commands.registerCommand(COMMANDS.verifySignature, verify)];
}
