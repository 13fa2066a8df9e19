/** Where Listen may forward to: an absolute http(s) URL; a host off this machine only when the user typed it. */
import * as l10n from '@vscode/l10n';
import { isLoopbackHost, webhookUrlProblem } from '../model';

/**
 * Why `url` cannot be a forward target, or undefined when it can. Any absolute http:// or https:// URL is a valid
 * target in itself; a host that is not this machine (localhost, 127.0.0.0/8, ::1) is refused unless the user typed
 * the URL (`typedByUser`): a URL that comes from elsewhere (a workspace setting, a task definition) must not send
 * deliveries, personal data included, to another machine.
 */
export function forwardTargetProblem(url: string, typedByUser: boolean): string | undefined {
  const problem = webhookUrlProblem(url);
  if (problem) return problem;
  const u = new URL(url);
  if (u.username || u.password) return l10n.t('The URL must not carry a user name or password.');
  if (!typedByUser && !isLoopbackHost(u.hostname)) {
    return l10n.t('Deliveries are forwarded only to this machine (localhost, 127.0.0.1, ::1) unless you type the URL yourself; {0} is not on this machine.', u.host);
  }
  return undefined;
}
