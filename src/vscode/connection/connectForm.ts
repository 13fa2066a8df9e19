/**
 * The Connect form as one multi-step input: client id, the environments with a secret, then one secret each.
 * It keeps what was typed between runs, and can come back at a rejected key with the server's message.
 */
import vscode = require('vscode');
import type { EnvType } from '../../core/model';
import { envLabel } from '../../core/model';
import { clientIdProblem, confirmSecretFor, secretProblem } from './keys';
import { MultiStepInput, type InputStep } from '../platform/multiStep';

export interface ConnectValues {
  clientId: string;
  envs: EnvType[];
  secrets: Partial<Record<EnvType, string>>;
}

export class ConnectForm {
  readonly values: ConnectValues;
  private readonly rejected: Partial<Record<EnvType, string>> = {};
  private resume: EnvType | undefined;

  constructor(
    private readonly title: string,
    /** The environments to offer (the setting `transcrypts.environments`). */
    private readonly offered: EnvType[],
    initial: { clientId: string; envs: EnvType[] },
  ) {
    this.values = { clientId: initial.clientId, envs: initial.envs.length > 0 ? [...initial.envs] : [offered[0] as EnvType], secrets: {} };
  }

  /** The next run starts at this environment's secret (with its message), or at the client id. */
  reject(env: EnvType, message: string): void {
    this.rejected[env] = message;
    this.resume ??= env;
  }

  clearRejections(): void {
    for (const env of Object.keys(this.rejected)) delete this.rejected[env];
    this.resume = undefined;
  }

  resumeAt(env: EnvType | undefined): void {
    this.resume = env;
  }

  /** True when the user went through every step. */
  run(): Promise<boolean> {
    const { envs } = this.values;
    const at = this.resume !== undefined ? envs.indexOf(this.resume) : -1;
    if (at < 0) return MultiStepInput.run(this.idStep);
    return MultiStepInput.run(this.secretStep(at), [this.idStep, this.envStep, ...envs.slice(0, at).map((_, i) => this.secretStep(i))]);
  }

  private get total(): number {
    return 2 + this.values.envs.length;
  }

  private readonly idStep: InputStep = async (input) => {
    this.values.clientId = (
      await input.box({
        title: this.title,
        step: 1,
        totalSteps: this.total,
        value: this.values.clientId,
        prompt: vscode.l10n.t('Your client id (X-Access-Client-Id), the same in every environment'),
        validate: clientIdProblem,
      })
    ).trim();
    return this.envStep;
  };

  private readonly envStep: InputStep = async (input) => {
    const items = [...new Set([...this.offered, ...this.values.envs])].map((e) => ({ label: envLabel(e), description: e, env: e }));
    const chosen = await input.pick({
      title: this.title,
      step: 2,
      totalSteps: this.total,
      placeholder: vscode.l10n.t('Which environments do you have a secret for? (Space to toggle)'),
      items,
      canSelectMany: true,
      selected: items.filter((i) => this.values.envs.includes(i.env)),
    });
    if (chosen.length === 0) return this.envStep;
    this.values.envs = items.filter((i) => chosen.some((c) => c.env === i.env)).map((i) => i.env);
    return this.secretStep(0);
  };

  private secretStep(i: number): InputStep {
    return async (input) => {
      const env = this.values.envs[i] as EnvType;
      const { secrets } = this.values;
      secrets[env] = (
        await input.box({
          title: this.title,
          step: 3 + i,
          totalSteps: this.total,
          value: secrets[env] ?? '',
          prompt: vscode.l10n.t('The {0} secret (X-Access-Secret); stored in VS Code\'s secret storage only', envLabel(env)),
          password: true,
          initialMessage: this.rejected[env],
          validate: (v) => secretProblem(env, v),
        })
      ).trim();
      if (!(await confirmSecretFor(env, secrets[env] ?? ''))) return this.secretStep(i);
      return i + 1 < this.values.envs.length ? this.secretStep(i + 1) : undefined;
    };
  }
}
