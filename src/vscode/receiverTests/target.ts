/**
 * Where the receiver tests send and what signs them: the receiver URL (asked once for an address not on this
 * machine), the environment whose secret signs (never Production unless the user names or picks it), the form of
 * the platform the connection talks to, and the event types the receiver is subscribed to.
 */
import vscode = require('vscode');
import { envLabel, isLoopbackHost, webhookUrlProblem, type EnvType } from '../../core/model';
import type { SignatureFormat } from '../../core/signature';
import { DEFAULT_FORWARD_TO, LAST_URL_KEY } from '../listen/request';
import type { Services } from '../services';
import { setting } from '../platform/settings/read';
import { STATE_KEYS } from '../platform/stateKeys';

/** globalState: receiver URLs not on this machine the user agreed to send signed test deliveries to. */
const ALLOWED_URLS_KEY = STATE_KEYS.receiverAllowedUrls;

export interface ReceiverTarget {
  url: string;
  secret: string;
  /** What signs, for messages ("the dev secret", "the workspace test secret"); never the secret. */
  signedWith: string;
  env: EnvType | undefined;
  format: SignatureFormat;
}

export interface TargetDeps {
  services: Services;
  workspaceState: vscode.Memento;
  globalState: vscode.Memento;
}

/** The receiver URL: the setting, else the URL Listen forwards to, else Listen's default. */
export function receiverUrl(d: TargetDeps): string {
  return setting('receiver.url').trim() || d.workspaceState.get<string>(LAST_URL_KEY) || DEFAULT_FORWARD_TO;
}

/** The environment that signs, without asking: the setting when connected, else the first one that is not Production. */
export function receiverEnv(d: TargetDeps): EnvType | undefined {
  const connected = d.services.connection.environments.filter((e) => d.services.connection.hasSecret(e));
  const named = setting('receiver.environment').trim();
  if (named && connected.includes(named)) return named;
  return connected.find((e) => e !== 'prod');
}

/** The event types of the configurations that deliver to `url` in `env`; undefined: none does (every documented type). */
export function subscribedEvents(d: TargetDeps, env: EnvType | undefined, url: string): string[] | undefined {
  if (env === undefined) return undefined;
  const events = d.services.catalog.webhooks(env).filter((w) => w.webhook_url === url).flatMap((w) => w.events);
  return events.length > 0 ? [...new Set(events)] : undefined;
}

/**
 * The target, asking what must be asked; or why the tests cannot run, as a sentence with a way forward. `env`: the
 * environment whose deliveries are replayed (Replay History signs them with the secret the platform signed them
 * with); else the receiver's environment.
 */
export async function resolveTarget(d: TargetDeps, env?: EnvType): Promise<ReceiverTarget | string> {
  const url = receiverUrl(d);
  const problem = webhookUrlProblem(url);
  if (problem) return vscode.l10n.t('The receiver URL "{0}" cannot be used: {1} Set transcrypts.receiver.url.', url, problem);
  if (!isLoopbackHost(new URL(url).hostname) && !(await allowedRemote(d, url))) {
    return vscode.l10n.t('Not sent: {0} is not on this machine and was not confirmed. Set transcrypts.receiver.url to your local receiver.', url);
  }
  // A workspace test secret signs before any environment's: nothing to ask about Production then.
  const test = await workspaceOnly(d);
  const signer = test ? receiverEnv(d) : await signingEnv(d, env);
  if (signer === false) return vscode.l10n.t('Not sent: the Production secret is used only when you pick it. Connect a Development or Sandbox environment, or set a workspace test secret.');
  const signing = test ?? (signer === undefined ? undefined : await d.services.replaySecret.signing(signer));
  const envOut = test ? (env ?? signer) : signer;
  if (!signing) {
    return d.services.connection.mode
      ? vscode.l10n.t('There is no secret to sign the test deliveries with: set the environment\'s secret, or a workspace test secret (Set Replay Test Secret for This Workspace…).')
      : vscode.l10n.t('Not connected: connect (or use the local sandbox) so the tests sign as the platform does, or set a workspace test secret.');
  }
  return { url, secret: signing.secret, signedWith: signing.label, env: envOut, format: d.services.connection.signatureFormat() };
}

async function workspaceOnly(d: TargetDeps): Promise<{ secret: string; label: string } | undefined> {
  const secret = await d.services.replaySecret.get();
  return secret ? { secret, label: vscode.l10n.t('the workspace test secret') } : undefined;
}

/**
 * The environment whose secret signs: `asked` (a replayed environment's), else the receiver's; false when that is
 * Production and the user did not name it in the setting nor pick it now; undefined: none connected.
 */
async function signingEnv(d: TargetDeps, asked?: EnvType): Promise<EnvType | undefined | false> {
  const env = asked ?? receiverEnv(d);
  if (env !== undefined && env !== 'prod') return d.services.connection.hasSecret(env) ? env : undefined;
  if (env === 'prod' && setting('receiver.environment').trim() === 'prod') return 'prod';
  if (!d.services.connection.hasSecret('prod')) return undefined;
  const use = vscode.l10n.t('Sign with the {0} Secret', envLabel('prod'));
  const picked = await vscode.window.showWarningMessage(
    asked === 'prod'
      ? vscode.l10n.t('Replay Production\'s deliveries signed with the Production secret?')
      : vscode.l10n.t('Only Production is connected. Sign the receiver tests with the Production secret?'),
    { modal: true, detail: vscode.l10n.t('The test deliveries go to your receiver only; they carry a signature, never the secret. Name an environment in transcrypts.receiver.environment to stop this question.') },
    use,
  );
  return picked === use ? 'prod' : false;
}

async function allowedRemote(d: TargetDeps, url: string): Promise<boolean> {
  const allowed = d.globalState.get<string[]>(ALLOWED_URLS_KEY) ?? [];
  if (allowed.includes(url)) return true;
  const send = vscode.l10n.t('Send to This Address');
  const picked = await vscode.window.showWarningMessage(
    vscode.l10n.t('Send signed test deliveries to {0}? It is not on this machine.', url),
    { modal: true, detail: vscode.l10n.t('The receiver tests POST sample and saved deliveries, signed with your secret (the signature only, never the secret). Your answer is remembered for this address.') },
    send,
  );
  if (picked !== send) return false;
  await d.globalState.update(ALLOWED_URLS_KEY, [...allowed, url]);
  return true;
}
