/** What to say about a client id or a secret as it is typed, and the confirmation a secret of another environment needs. */
import * as vscode from 'vscode';
import { clientIdProblem as clientIdRefusal, clientIdWarning, envLabel, envOfSecret, type EnvType } from '../../core/model';

/**
 * What to say about a secret typed for `env`: empty or with spaces refuses; a prefix of another known
 * environment is a warning (the prefix is a hint from [Truv], never a gate); anything else is fine.
 */
export function secretProblem(env: EnvType, value: string): string | vscode.InputBoxValidationMessage | undefined {
  const v = value.trim();
  if (v === '') return `Paste the ${envLabel(env)} secret.`;
  if (/\s/.test(v)) return 'A secret has no spaces.';
  const hinted = envOfSecret(v);
  if (hinted && hinted !== env) {
    return { message: `This looks like a ${hinted} secret; you will be asked whether to use it for ${envLabel(env)}.`, severity: vscode.InputBoxValidationSeverity.Warning };
  }
  return undefined;
}

/** A secret whose prefix names another environment: ask whether to use it anyway. True to keep it. */
export async function confirmSecretFor(env: EnvType, value: string): Promise<boolean> {
  const hinted = envOfSecret(value);
  if (!hinted || hinted === env) return true;
  const use = { title: `Use It for ${envLabel(env)}` };
  const c = await vscode.window.showWarningMessage(
    `This looks like a ${hinted} secret. Use it for ${envLabel(env)} anyway?`,
    { modal: true, detail: `Its prefix "${hinted}-" usually marks a ${envLabel(hinted)} secret. The server decides: a wrong secret is rejected when it is checked.` },
    use,
  );
  return c === use;
}

export function clientIdProblem(v: string): string | vscode.InputBoxValidationMessage | undefined {
  const refusal = clientIdRefusal(v.trim());
  if (refusal) return refusal;
  const warning = clientIdWarning(v.trim());
  return warning ? { message: warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
}
