/** Use the local sandbox, Connect to Transcrypts, set a secret, Sign Out, and the status bar's actions. */
import * as vscode from 'vscode';
import { baseUrlProblem, TranscryptsClient } from '../../core/api/client';
import { ApiError } from '../../core/api/errors';
import { clientIdProblem as clientIdRefusal, clientIdWarning, DEFAULT_ENVIRONMENTS, envLabel, envOfSecret, type EnvType } from '../../core/model';
import { COMMANDS, VIEW_WEBHOOKS } from '../constants';
import { describe, offer, reportError } from '../errors';
import { MultiStepInput, type InputStep } from '../input/multiStep';
import type { Services } from '../services';
import { openSetting, setting } from '../settings/read';
import type { CommandContext, CommandRegistry } from './register';

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

/** The environments Connect offers: the setting `transcrypts.environments` (non-empty strings, de-duplicated). */
export function offeredEnvironments(): EnvType[] {
  const list = setting('environments').filter((e) => e.trim() !== '').map((e) => e.trim());
  return list.length > 0 ? [...new Set(list)] : [...DEFAULT_ENVIRONMENTS];
}

export function registerConnectionCommands(s: Services, r: CommandRegistry): void {
  const refreshAll = () => s.catalog.refresh();

  const useSandbox = async (): Promise<boolean> => {
    try {
      await vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS }, title: 'Starting the local sandbox…' }, () => s.connection.useSandbox());
    } catch (e) {
      await reportError(s.log, e, { what: 'The local sandbox did not start', retry: useSandbox });
      return false;
    }
    await refreshAll();
    void vscode.window.showInformationMessage(`Connected to the local sandbox on ${s.sandbox.running?.baseUrl ?? ''}`);
    return true;
  };

  /** Check a key with a list call; undefined when accepted, else the error. */
  const check = async (baseUrl: string, clientId: string, secret: string, env?: EnvType): Promise<ApiError | undefined> => {
    try {
      await new TranscryptsClient({ baseUrl, clientId, secret, env, maxRetries: 1 }).listWebhooks();
      return undefined;
    } catch (e) {
      return e instanceof ApiError ? e : new ApiError('network', describe(e));
    }
  };

  const connect = async (): Promise<boolean> => {
    const baseUrl = setting('apiBaseUrl');
    const urlProblem = baseUrlProblem(baseUrl);
    if (urlProblem) {
      await offer('error', `Cannot connect: ${urlProblem}`, { title: 'Open Settings', run: () => openSetting('apiBaseUrl') });
      return false;
    }
    const title = `Connect to Transcrypts (${new URL(baseUrl).host})`;
    let clientId = s.connection.mode === 'remote' ? s.connection.clientId ?? '' : '';
    const offered = offeredEnvironments();
    let envs: EnvType[] = s.connection.mode === 'remote' && s.connection.environments.length > 0 ? s.connection.environments : [offered[0] as EnvType];
    const secrets: Partial<Record<EnvType, string>> = {};
    const rejected: Partial<Record<EnvType, string>> = {};
    let resumeAt: EnvType | 'clientId' | undefined;

    for (;;) {
      const total = 2 + envs.length;
      const secretStep = (i: number): InputStep => async (input) => {
        const env = envs[i] as EnvType;
        secrets[env] = (
          await input.box({
            title,
            step: 3 + i,
            totalSteps: 2 + envs.length,
            value: secrets[env] ?? '',
            prompt: `The ${envLabel(env)} secret (X-Access-Secret); stored in VS Code's secret storage only`,
            password: true,
            initialMessage: rejected[env],
            validate: (v) => secretProblem(env, v),
          })
        ).trim();
        if (!(await confirmSecretFor(env, secrets[env] ?? ''))) return secretStep(i);
        return i + 1 < envs.length ? secretStep(i + 1) : undefined;
      };
      const envStep: InputStep = async (input) => {
        const items = [...new Set([...offered, ...envs])].map((e) => ({ label: envLabel(e), description: e, env: e }));
        const chosen = await input.pick({
          title,
          step: 2,
          totalSteps: total,
          placeholder: 'Which environments do you have a secret for? (Space to toggle)',
          items,
          canSelectMany: true,
          selected: items.filter((i) => envs.includes(i.env)),
        });
        if (chosen.length === 0) return envStep;
        envs = items.filter((i) => chosen.some((c) => c.env === i.env)).map((i) => i.env);
        return secretStep(0);
      };
      const idStep: InputStep = async (input) => {
        clientId = (
          await input.box({
            title,
            step: 1,
            totalSteps: total,
            value: clientId,
            prompt: 'Your client id (X-Access-Client-Id), the same in every environment',
            initialMessage: resumeAt === 'clientId' ? 'The client id was rejected (401). Check it and try again.' : undefined,
            validate: clientIdProblem,
          })
        ).trim();
        return envStep;
      };
      const start = resumeAt && resumeAt !== 'clientId' ? secretStep(envs.indexOf(resumeAt)) : idStep;
      const earlier = resumeAt && resumeAt !== 'clientId' ? [idStep, envStep, ...envs.slice(0, envs.indexOf(resumeAt)).map((_, i) => secretStep(i))] : [];
      if (!(await MultiStepInput.run(start, earlier))) return false;

      // Check every key before keeping anything.
      const results = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Checking the keys…', cancellable: false },
        () => Promise.all(envs.map(async (env) => [env, await check(baseUrl, clientId, secrets[env] ?? '', env)] as const)),
      );
      const authFailures = results.filter(([, e]) => e?.kind === 'auth').map(([env]) => env);
      const otherFailure = results.find(([, e]) => e && e.kind !== 'auth');
      for (const env of Object.keys(rejected)) delete rejected[env];
      if (authFailures.length > 0) {
        for (const env of authFailures) rejected[env] = `The ${env} secret was rejected (401). Check it (or the client id) and try again.`;
        resumeAt = authFailures[0];
        continue;
      }
      if (otherFailure?.[1]) {
        const [env, e] = otherFailure;
        s.log.error(`Connection check for ${env} failed`, e);
        const retry = { title: 'Retry' };
        const edit = { title: 'Edit' };
        const c = await vscode.window.showErrorMessage(`Could not check the ${env} secret: ${s.log.redactor.redact(e.message)}`, retry, edit, { title: 'Show Logs' });
        if (c === retry || c === edit) {
          resumeAt = c === edit ? env : undefined;
          continue;
        }
        if (c) s.log.show();
        return false;
      }
      await s.connection.connectRemote(clientId, Object.fromEntries(envs.map((e) => [e, secrets[e] ?? ''])));
      await refreshAll();
      void vscode.window.showInformationMessage(`Connected to ${new URL(baseUrl).host}: ${envs.map((e) => envLabel(e)).join(', ')}.`);
      return true;
    }
  };

  const setSecret = async (c: CommandContext = {}): Promise<boolean> => {
    if (s.connection.mode !== 'remote') {
      if (!s.connection.mode) return connect();
      void vscode.window.showInformationMessage('The local sandbox sets its own keys. Connect to Transcrypts to use your own.');
      return false;
    }
    let env: EnvType | undefined = c.env ?? c.text;
    if (!env) {
      const envs = [...new Set([...s.connection.environments, ...offeredEnvironments(), ...s.catalog.groups()])];
      const picked = await vscode.window.showQuickPick(
        envs.map((e) => ({ label: envLabel(e), description: s.connection.hasSecret(e) ? 'replace the secret' : 'no secret yet', env: e })),
        { title: 'Set an environment secret' },
      );
      env = picked?.env;
    }
    if (!env) return false;
    const target = env;
    let message: string | undefined;
    let value = '';
    for (;;) {
      let entered: string | undefined;
      const ok = await MultiStepInput.run(async (input) => {
        entered = await input.box({
          title: `${envLabel(target)} secret`,
          step: 1,
          totalSteps: 1,
          value,
          prompt: `The ${envLabel(target)} secret (X-Access-Secret); stored in VS Code's secret storage only`,
          password: true,
          initialMessage: message,
          validate: (v) => secretProblem(target, v),
        });
      });
      if (!ok || entered === undefined) return false;
      value = entered.trim();
      if (!(await confirmSecretFor(target, value))) continue;
      const e = await check(s.connection.baseUrl ?? '', s.connection.clientId ?? '', value, target);
      if (e?.kind === 'auth') {
        message = `The ${target} secret was rejected (401). Check it and try again.`;
        continue;
      }
      if (e) {
        await reportError(s.log, e, { what: `Could not check the ${target} secret` });
        return false;
      }
      await s.connection.setSecret(target, value);
      await s.catalog.refresh(target);
      void vscode.window.showInformationMessage(`The ${envLabel(target)} secret is saved.`);
      return true;
    }
  };

  const signOut = async (): Promise<boolean> => {
    if (!s.connection.mode) {
      void vscode.window.showInformationMessage('You are not connected.');
      return false;
    }
    const signOutItem = { title: 'Sign Out' };
    const ok = await vscode.window.showWarningMessage('Sign out and forget the stored secrets?', { modal: true }, signOutItem);
    if (ok !== signOutItem) return false;
    await s.connection.forget();
    s.catalog.clear();
    void vscode.window.showInformationMessage('Signed out. The secrets are forgotten.');
    return true;
  };

  const actions = async (): Promise<void> => {
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const items: Item[] = [];
    if (s.connection.mode !== 'sandbox') items.push({ label: '$(beaker) Use the Local Sandbox', description: 'sample data, no account', run: useSandbox });
    items.push({ label: '$(plug) Connect to Transcrypts…', description: setting('apiBaseUrl'), run: connect });
    if (s.connection.mode === 'remote') items.push({ label: '$(key) Set an Environment Secret…', run: () => setSecret() });
    if (s.connection.mode) {
      items.push({ label: '$(refresh) Refresh', run: refreshAll });
      items.push({ label: '$(pulse) Check Fixtures Against Recent Deliveries', run: () => vscode.commands.executeCommand(COMMANDS.checkDrift) });
      items.push({ label: '$(key) Set Replay Test Secret for This Workspace…', description: 'replays sign with it', run: () => vscode.commands.executeCommand(COMMANDS.setReplaySecret) });
      items.push({ label: '$(sign-out) Sign Out', run: signOut });
    }
    items.push({ label: '$(output) Show Logs', run: () => s.log.show() });
    const picked = await vscode.window.showQuickPick(items, { title: 'Transcrypts connection' });
    await picked?.run();
  };

  r.register(COMMANDS.useSandbox, useSandbox);
  r.register(COMMANDS.connect, connect);
  r.register(COMMANDS.setSecret, setSecret);
  r.register(COMMANDS.signOut, signOut);
  r.register(COMMANDS.connectionActions, actions);
}
