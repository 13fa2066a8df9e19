/** What to say about a client id or a secret as it is typed, and the confirmation a secret of another environment needs. */
import vscode = require('vscode');
import { clientIdProblem as clientIdRefusal, clientIdWarning, envLabel, envOfSecret, type EnvType } from '../../core/model';

/**
 * What to say about a secret typed for `env`: empty or with spaces refuses; a prefix of another known
 * environment is a warning (the prefix is a hint from [Truv], never a gate); anything else is fine.
 */
export function secretProblem(env: EnvType, value: string): string | vscode.InputBoxValidationMessage | undefined {
  const v = value.trim();
  if (v === '') return vscode.l10n.t('Paste the {0} secret.', envLabel(env));
  if (/\s/.test(v)) return vscode.l10n.t('A secret has no spaces.');
  const hinted = envOfSecret(v);
  if (hinted && hinted !== env) {
    return { message: vscode.l10n.t('This looks like a {0} secret; you will be asked whether to use it for {1}.', hinted, envLabel(env)), severity: vscode.InputBoxValidationSeverity.Warning };
  }
  return undefined;
}

/** A secret whose prefix names another environment: ask whether to use it anyway. True to keep it. */
export async function confirmSecretFor(env: EnvType, value: string): Promise<boolean> {
  const hinted = envOfSecret(value);
  if (!hinted || hinted === env) return true;
  const use = { title: vscode.l10n.t('Use It for {0}', envLabel(env)) };
  const c = await vscode.window.showWarningMessage(
    vscode.l10n.t('This looks like a {0} secret. Use it for {1} anyway?', hinted, envLabel(env)),
    { modal: true, detail: vscode.l10n.t('Its prefix "{0}-" usually marks a {1} secret. The server decides: a wrong secret is rejected when it is checked.', hinted, envLabel(hinted)) },
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
