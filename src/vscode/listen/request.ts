/** What one listening session forwards, from a command's questions or a `transcrypts-listen` task's definition. */
import vscode = require('vscode');
import { forwardTargetProblem } from '../../core/listen';
import { DEFAULT_RECEIVER_URL } from '../../core/replay/replay';
import type { EnvType } from '../../core/model';
import { STATE_KEYS } from '../platform/stateKeys';

export const LISTEN_TASK_TYPE = 'transcrypts-listen';
export const DEFAULT_FORWARD_TO = DEFAULT_RECEIVER_URL;
/** workspaceState: the receiver URL chosen last (offered first next time, and by the provided tasks). */
export const LAST_URL_KEY = STATE_KEYS.listenForwardTo;
export type SigningChoice = 'environment' | 'workspace';

export interface ListenRequest {
  env: EnvType;
  forwardTo: string;
  /** Event types to forward; undefined: all. */
  events?: string[];
  /** Which secret signs: the environment's (as the platform does), or the workspace's replay test secret. */
  secret: SigningChoice;
  /** Only this configuration's deliveries (rows with its URL). */
  webhook?: { id: string; name: string; url: string };
  /** Start from the saved position of the last session of this scope (else from now). */
  resume: boolean;
}

/** The definition a tasks.json entry gives (`"type": "transcrypts-listen"`). */
export interface ListenTaskDefinition extends vscode.TaskDefinition {
  environment?: unknown;
  forwardTo?: unknown;
  events?: unknown;
  secret?: unknown;
  resume?: unknown;
}

/**
 * A task definition as a request, or why it cannot be one. A task's URL comes from a file, not from the user's
 * hands: it must be on this machine (`forwardTargetProblem(url, false)`).
 */
export function requestOfTask(d: ListenTaskDefinition): ListenRequest | string {
  if (typeof d.environment !== 'string' || d.environment.trim() === '') {
    return vscode.l10n.t('The task needs "environment": the environment whose deliveries are forwarded (for example "sandbox" or "dev").');
  }
  const forwardTo = d.forwardTo === undefined ? DEFAULT_FORWARD_TO : d.forwardTo;
  if (typeof forwardTo !== 'string') return vscode.l10n.t('"forwardTo" must be a URL such as {0}.', DEFAULT_FORWARD_TO);
  const problem = forwardTargetProblem(forwardTo, false);
  if (problem) return vscode.l10n.t('"forwardTo": {0}', problem);
  if (d.events !== undefined && !(Array.isArray(d.events) && d.events.every((e) => typeof e === 'string' && e !== ''))) {
    return vscode.l10n.t('"events" must be a list of event types, for example ["order-status-updated"].');
  }
  if (d.resume !== undefined && typeof d.resume !== 'boolean') return vscode.l10n.t('"resume" must be true or false.');
  if (d.secret !== undefined && d.secret !== 'environment' && d.secret !== 'workspace') {
    return vscode.l10n.t('"secret" must be "environment" or "workspace".');
  }
  const events = d.events as string[] | undefined;
  return {
    env: d.environment.trim(),
    forwardTo,
    ...(events && events.length > 0 ? { events } : {}),
    secret: (d.secret as SigningChoice | undefined) ?? 'environment',
    // From now on unless asked: a task run days later must not forward days of deliveries.
    resume: d.resume === true,
  };
}

/** `localhost:3000` for the tree and the status bar. */
export function shortTarget(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Production deliveries carry real people's data: a modal names what will be forwarded where. */
export async function confirmProduction(url: string, name: string | undefined): Promise<boolean> {
  const go = { title: vscode.l10n.t('Forward Production Deliveries') };
  const what = name ? vscode.l10n.t('every new production delivery of "{0}"', name) : vscode.l10n.t('every new production delivery');
  const chosen = await vscode.window.showWarningMessage(
    vscode.l10n.t('Forward {0} to {1}?', what, url),
    { modal: true, detail: vscode.l10n.t('Production deliveries carry real people\'s payroll and employment data. They are signed with the production secret. Stop listening when you are done.') },
    go,
  );
  return chosen === go;
}
