/**
 * The plan: per environment, what to create, what to change (only the changed fields) and what the platform has
 * that the file lacks (deleted only with `prune`). Configurations are matched by name within an environment; a
 * name the platform holds more than once is noted and never touched.
 */
import * as l10n from '@vscode/l10n';
import type { WebhookCreate, WebhookPatch } from '../api/client';
import type { Webhook } from '../api/schemas';
import type { EnvType } from '../model';
import { compareText, eventSet } from './canonical';
import { formatProblem, type ConfigFileModel, type DesiredConfig } from './types';

export interface FieldChange {
  field: 'name' | 'webhook_url' | 'events' | 'enabled';
  from: string | readonly string[] | boolean | undefined;
  to: string | readonly string[] | boolean;
}

export interface CreateStep {
  kind: 'create';
  env: EnvType;
  name: string;
  body: WebhookCreate;
}

export interface UpdateStep {
  kind: 'update';
  env: EnvType;
  name: string;
  id: string;
  /** Only the changed fields. */
  patch: WebhookPatch;
  changes: FieldChange[];
}

export interface DeleteStep {
  kind: 'delete';
  env: EnvType;
  name: string;
  id: string;
  webhook_url: string;
  events: readonly string[];
  enabled?: boolean;
}

export type Step = CreateStep | UpdateStep | DeleteStep;

export interface EnvPlan {
  env: EnvType;
  creates: CreateStep[];
  updates: UpdateStep[];
  deletes: DeleteStep[];
  /** On the platform, not in the file, kept because `prune` is off. */
  notInFile: Webhook[];
  /** Names already as the file wants them. */
  inSync: string[];
  /** What the plan will not do, and why (duplicate names on the platform, a field the platform lacks). */
  notes: string[];
  /** False when no list of the platform's configurations was given for the environment. */
  read: boolean;
}

export interface Plan {
  prune: boolean;
  envs: EnvPlan[];
  /** Every request, in the order apply makes them: creates, then updates, then deletes. */
  steps: Step[];
  summary: string;
}

export interface PlanOptions {
  prune: boolean;
  /** Whether the platform's configurations carry `enabled`; default: seen on any configuration of `actual`. */
  enabledField?: boolean;
}

function inferEnabledField(actual: Readonly<Record<EnvType, readonly Webhook[]>>): boolean | undefined {
  const all = Object.values(actual).flat();
  if (all.length === 0) return undefined;
  return all.some((w) => typeof w.enabled === 'boolean');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = eventSet(a);
  const y = eventSet(b);
  return x.length === y.length && x.every((e, i) => e === y[i]);
}

/** The changed fields of one matched configuration; `enabled` only when the file gives it and the platform has it. */
function changesOf(d: DesiredConfig, w: Webhook): { patch: WebhookPatch; changes: FieldChange[] } {
  const patch: WebhookPatch = {};
  const changes: FieldChange[] = [];
  if (d.webhook_url !== w.webhook_url) {
    patch.webhook_url = d.webhook_url;
    changes.push({ field: 'webhook_url', from: w.webhook_url, to: d.webhook_url });
  }
  if (!sameSet(d.events, w.events)) {
    patch.events = [...d.events];
    changes.push({ field: 'events', from: eventSet(w.events), to: eventSet(d.events) });
  }
  if (d.enabled !== undefined && typeof w.enabled === 'boolean' && d.enabled !== w.enabled) {
    patch.enabled = d.enabled;
    changes.push({ field: 'enabled', from: w.enabled, to: d.enabled });
  }
  return { patch, changes };
}

function byName(list: readonly Webhook[]): Map<string, Webhook[]> {
  const map = new Map<string, Webhook[]>();
  for (const w of list) map.set(w.name, [...(map.get(w.name) ?? []), w]);
  return map;
}

function duplicateNote(name: string, list: readonly Webhook[]): string {
  return l10n.t('The platform has {0} configurations named "{1}" (ids {2}): the plan does not touch them. Rename or delete all but one.', list.length, name, list.map((w) => w.id).join(', '));
}

function createOf(env: EnvType, d: DesiredConfig, enabledField: boolean | undefined): CreateStep {
  const body: WebhookCreate = { name: d.name, webhook_url: d.webhook_url, env_type: env, events: [...d.events] };
  if (d.enabled !== undefined && enabledField !== false) body.enabled = d.enabled;
  return { kind: 'create', env, name: d.name, body };
}

function deleteOf(env: EnvType, w: Webhook): DeleteStep {
  const step: DeleteStep = { kind: 'delete', env, name: w.name, id: w.id, webhook_url: w.webhook_url, events: w.events };
  if (typeof w.enabled === 'boolean') step.enabled = w.enabled;
  return step;
}

function planEnv(env: EnvType, desired: readonly DesiredConfig[], actual: readonly Webhook[] | undefined, options: PlanOptions, enabledField: boolean | undefined): EnvPlan {
  const p: EnvPlan = { env, creates: [], updates: [], deletes: [], notInFile: [], inSync: [], notes: [], read: actual !== undefined };
  if (!actual) {
    p.notes.push(l10n.t('The platform\'s configurations of "{0}" were not read: nothing is planned for it.', env));
    return p;
  }
  const platform = byName(actual);
  const noEnabled: string[] = [];
  for (const d of [...desired].sort((a, b) => compareText(a.name, b.name))) {
    const matches = platform.get(d.name) ?? [];
    const [w] = matches;
    if (d.enabled !== undefined && (matches.length === 1 ? typeof w?.enabled !== 'boolean' : enabledField === false)) noEnabled.push(d.name);
    if (matches.length > 1) p.notes.push(duplicateNote(d.name, matches));
    else if (!w) p.creates.push(createOf(env, d, enabledField));
    else {
      const { patch, changes } = changesOf(d, w);
      if (changes.length === 0) p.inSync.push(d.name);
      else p.updates.push({ kind: 'update', env, name: d.name, id: w.id, patch, changes });
    }
  }
  if (noEnabled.length > 0) {
    p.notes.push(l10n.t('The platform\'s configurations have no "enabled" field, so "enabled" in the file is not applied ({0}).', noEnabled.join(', ')));
  }
  const wanted = new Set(desired.map((d) => d.name));
  for (const [name, list] of [...platform].sort(([a], [b]) => compareText(a, b))) {
    if (wanted.has(name)) continue;
    if (list.length > 1) p.notes.push(duplicateNote(name, list));
    else if (options.prune) p.deletes.push(...list.map((w) => deleteOf(env, w)));
    else p.notInFile.push(...list);
  }
  resolveUrlConflicts(p, desired);
  return p;
}

/**
 * The platform refuses a URL registered twice in one environment, and creates run before deletes: a new name on
 * the URL of a configuration about to be deleted (a rename, with prune) becomes a PATCH of that configuration's
 * name; on the URL of one that is kept, a note says why the create will be refused.
 */
function resolveUrlConflicts(p: EnvPlan, desired: readonly DesiredConfig[]): void {
  for (const create of [...p.creates]) {
    const url = create.body.webhook_url;
    const held = p.deletes.findIndex((d) => d.webhook_url === url);
    const del = p.deletes[held];
    if (del) {
      const d = desired.find((x) => x.name === create.name) as DesiredConfig;
      const { patch, changes } = changesOf(d, { id: del.id, name: del.name, webhook_url: url, events: [...del.events], env_type: p.env, ...(del.enabled !== undefined ? { enabled: del.enabled } : {}) });
      p.creates.splice(p.creates.indexOf(create), 1);
      p.deletes.splice(held, 1);
      p.updates.push({ kind: 'update', env: p.env, name: create.name, id: del.id, patch: { name: create.name, ...patch }, changes: [{ field: 'name', from: del.name, to: create.name }, ...changes] });
      continue;
    }
    const kept = p.notInFile.find((w) => w.webhook_url === url);
    if (kept) p.notes.push(l10n.t('"{0}" has the URL of "{1}", which is not in the file: the platform accepts a URL once per environment, so the create will be refused (remove "{1}" or set "prune").', create.name, kept.name));
  }
  p.updates.sort((a, b) => compareText(a.name, b.name));
}

function envSummary(p: EnvPlan): string {
  const notes = p.notes.length === 0 ? '' : p.notes.length === 1 ? l10n.t(' (1 note)') : l10n.t(' ({0} notes)', p.notes.length);
  if (!p.read) return l10n.t('{0}: not read', p.env);
  const kept = p.notInFile.length === 0 ? '' : l10n.t(', {0} not in the file (kept)', p.notInFile.length);
  if (p.creates.length + p.updates.length + p.deletes.length === 0) return l10n.t('{0}: in sync{1}{2}', p.env, kept, notes);
  return l10n.t('{0}: {1} to create, {2} to change, {3} to delete{4}{5}', p.env, p.creates.length, p.updates.length, p.deletes.length, kept, notes);
}

/** `dev: 2 to create, 1 to change, 0 to delete · prod: in sync` */
export function planSummary(envs: readonly EnvPlan[]): string {
  return envs.length === 0 ? l10n.t('No environments in the file.') : envs.map(envSummary).join(' · ');
}

/** The plan of a parsed file; refuses a file with errors (its broken entries would read as missing, and be pruned). */
export function planFile(model: ConfigFileModel, actual: Readonly<Record<EnvType, readonly Webhook[]>>, options: Partial<PlanOptions> = {}): Plan {
  const errors = model.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const list = errors.map((e) => formatProblem(e)).join('\n');
    throw new Error(errors.length === 1 ? l10n.t('The file has 1 error; fix it before planning:\n{0}', list) : l10n.t('The file has {0} errors; fix them before planning:\n{1}', errors.length, list));
  }
  return plan(model.desired, actual, { prune: model.prune, ...options });
}

/** The plan of the file's environments (the platform's other environments are not touched). */
export function plan(
  desired: Readonly<Record<EnvType, readonly DesiredConfig[]>>,
  actual: Readonly<Record<EnvType, readonly Webhook[]>>,
  options: PlanOptions,
): Plan {
  const enabledField = options.enabledField ?? inferEnabledField(actual);
  const envs = Object.keys(desired)
    .sort(compareText)
    .map((env) => planEnv(env, desired[env] ?? [], actual[env], options, enabledField));
  const steps: Step[] = [...envs.flatMap((e) => e.creates), ...envs.flatMap((e) => e.updates), ...envs.flatMap((e) => e.deletes)];
  return { prune: options.prune, envs, steps, summary: planSummary(envs) };
}

function show(v: FieldChange['from']): string {
  return v === undefined ? '(none)' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}

/** One line per step: `dev: change "Orders": events [a] → [a, b]`. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'create':
      return `${step.env}: create "${step.name}" (${step.body.webhook_url})`;
    case 'update':
      return `${step.env}: change "${step.name}": ${step.changes.map((c) => `${c.field} ${show(c.from)} → ${show(c.to)}`).join('; ')}`;
    case 'delete':
      return `${step.env}: delete "${step.name}" (${step.webhook_url})`;
  }
}
