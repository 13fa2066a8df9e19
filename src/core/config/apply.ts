/**
 * Applies a plan one request at a time in its order (creates, updates as PATCH of only the changed fields,
 * deletes), checks for cancellation between steps, and stops at the first failure: the result says exactly what
 * was applied and what was not, so that planning again shows the remainder.
 */
import * as l10n from '@vscode/l10n';
import type { TranscryptsClient } from '../api/client';
import type { EnvType } from '../model';
import type { Plan, Step } from './plan';

export interface ApplyOptions {
  signal?: AbortSignal;
  /** Called before each step (index from 0); a cancellation it causes stops before the step's request. */
  onStep?: (step: Step, index: number, total: number) => void;
}

export interface ApplyResult {
  applied: Step[];
  /** The step that failed (its request may or may not have reached the platform when it was cut off). */
  failed?: { step: Step; error: Error };
  notRun: Step[];
  /** True when the signal stopped it between steps. */
  cancelled: boolean;
}

async function run(step: Step, client: TranscryptsClient, signal: AbortSignal | undefined): Promise<void> {
  const options = signal ? { signal } : {};
  switch (step.kind) {
    case 'create':
      await client.createWebhook(step.body, options);
      return;
    case 'update':
      await client.updateWebhook(step.id, step.patch, options);
      return;
    case 'delete':
      await client.deleteWebhook(step.id, options);
      return;
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Every step of the plan, in order, until the first failure or cancellation. No step, no request. */
export async function apply(
  plan: Pick<Plan, 'steps'>,
  clients: Readonly<Record<EnvType, TranscryptsClient | undefined>>,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const steps = plan.steps;
  const applied: Step[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    options.onStep?.(step, i, steps.length);
    if (options.signal?.aborted) return { applied, notRun: steps.slice(i), cancelled: true };
    const client = clients[step.env];
    try {
      if (!client) throw new Error(l10n.t('No keys for the environment "{0}": connect it first.', step.env));
      await run(step, client, options.signal);
    } catch (e) {
      return { applied, failed: { step, error: asError(e) }, notRun: steps.slice(i + 1), cancelled: false };
    }
    applied.push(step);
  }
  return { applied, notRun: [], cancelled: false };
}

/** `3 applied; failed: …; 2 not run`. */
export function applySummary(r: ApplyResult): string {
  const parts = [l10n.t('{0} applied', r.applied.length)];
  if (r.failed) parts.push(l10n.t('failed at {0} "{1}" in {2}: {3}', r.failed.step.kind, r.failed.step.name, r.failed.step.env, r.failed.error.message));
  if (r.cancelled) parts.push(l10n.t('cancelled'));
  if (r.notRun.length > 0) parts.push(l10n.t('{0} not run', r.notRun.length));
  return parts.join('; ');
}
