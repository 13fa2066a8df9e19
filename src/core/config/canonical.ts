/**
 * The canonical rendering of configurations (environments sorted, configurations by name, events sorted and
 * de-duplicated, keys in a fixed order, 2-space JSON): both sides of the diff editor, and Export.
 */
import { MAX_DOCUMENT_DEPTH, tooDeepAt } from '../../shared/jsonDepth';
import * as l10n from '@vscode/l10n';
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Webhook } from '../api/schemas';
import type { EnvType } from '../model';
import { hasVariable, substitute } from './substitute';
import type { ConfigValues, DesiredConfig, Resolver } from './types';

/** A configuration as the canonical form writes it: these keys in this order, `enabled` only when known. */
export interface CanonicalConfig {
  name: string;
  webhook_url: string;
  events: string[];
  enabled?: boolean;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** Code-point order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Events as a set: sorted, each once. */
export function eventSet(events: readonly string[]): string[] {
  return [...new Set(events)].sort(compareText);
}

export function canonicalConfig(c: ConfigValues): CanonicalConfig {
  const out: CanonicalConfig = { name: c.name, webhook_url: c.webhook_url, events: eventSet(c.events) };
  if (c.enabled !== undefined) out.enabled = c.enabled;
  return out;
}

function compareConfigs(a: CanonicalConfig, b: CanonicalConfig): number {
  return compareText(a.name, b.name) || compareText(a.webhook_url, b.webhook_url) || compareText(a.events.join(), b.events.join());
}

/** The configurations of each environment in canonical order, environments sorted. */
export function canonicalEnvironments(envs: Readonly<Record<EnvType, readonly ConfigValues[]>>): Record<EnvType, CanonicalConfig[]> {
  const out: Record<EnvType, CanonicalConfig[]> = {};
  for (const env of Object.keys(envs).sort(compareText)) out[env] = (envs[env] ?? []).map(canonicalConfig).sort(compareConfigs);
  return out;
}

/** The stable text of configurations by environment. */
export function canonicalText(envs: Readonly<Record<EnvType, readonly ConfigValues[]>>): string {
  return `${JSON.stringify(canonicalEnvironments(envs), null, 2)}\n`;
}

/** A platform configuration's comparable values; `enabled` only when the platform has the field. */
export function platformValues(w: Webhook): ConfigValues {
  const v: ConfigValues = { name: w.name, webhook_url: w.webhook_url, events: w.events };
  if (typeof w.enabled === 'boolean') v.enabled = w.enabled;
  return v;
}

/**
 * The two sides of a diff editor over the file's environments: the platform's now and the file's wish. The
 * platform's `enabled` is shown only where the file gives one, so that only real differences stand out.
 */
export function diffSides(
  desired: Readonly<Record<EnvType, readonly DesiredConfig[]>>,
  actual: Readonly<Record<EnvType, readonly Webhook[]>>,
): { platform: string; file: string } {
  const platform: Record<EnvType, ConfigValues[]> = {};
  const file: Record<EnvType, ConfigValues[]> = {};
  for (const [env, wanted] of Object.entries(desired)) {
    const gives = new Set(wanted.filter((d) => d.enabled !== undefined).map((d) => d.name));
    file[env] = wanted.map((d) => ({ name: d.name, webhook_url: d.webhook_url, events: d.events, ...(d.enabled !== undefined ? { enabled: d.enabled } : {}) }));
    platform[env] = (actual[env] ?? []).map((w) => {
      const v = platformValues(w);
      if (!gives.has(w.name)) delete v.enabled;
      return v;
    });
  }
  return { platform: canonicalText(platform), file: canonicalText(file) };
}

export interface ExportOptions {
  /** `$schema` for a new file. */
  schema?: string;
  /**
   * How the existing file's variables resolve. A URL the file writes with variables (`https://${env:HOST}/hooks`)
   * is kept as written when it resolves to the platform's value: an export never turns a variable into its value.
   */
  resolve?: Resolver;
}

/**
 * The file written from what the platform has now. With `existingText`, only the exported environments' sections
 * are replaced; other environments, `prune`, `promote`, `$schema` and comments are kept.
 */
export function exportFile(
  platformLists: Readonly<Record<EnvType, readonly Webhook[]>>,
  existingText?: string,
  options: ExportOptions = {},
): string {
  const sections = canonicalEnvironments(Object.fromEntries(Object.entries(platformLists).map(([env, list]) => [env, list.map(platformValues)])));
  if (existingText === undefined || existingText.trim() === '') {
    const file: Record<string, unknown> = {};
    if (options.schema !== undefined) file.$schema = options.schema;
    file.environments = sections;
    file.prune = false;
    return `${JSON.stringify(file, null, 2)}\n`;
  }
  const errors: ParseError[] = [];
  const root = tooDeepAt(existingText, MAX_DOCUMENT_DEPTH, true) === -1 ? parseTree(existingText, errors, { allowTrailingComma: true, disallowComments: false }) : undefined;
  if (!root || errors.length > 0 || root.type !== 'object') {
    throw new Error(l10n.t('The existing file is not a valid JSON object; fix it first, or export to a new file.'));
  }
  let text = existingText;
  for (const [env, configs] of Object.entries(sections)) {
    const kept = options.resolve ? keepVariables(root, env, configs, options.resolve) : configs;
    text = applyEdits(text, modify(text, ['environments', env], kept, FORMAT));
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The exported configurations, each URL the existing file wrote with variables kept as written when it still resolves to the platform's. */
function keepVariables<T extends { name: string; webhook_url: string }>(root: Node, env: EnvType, configs: readonly T[], resolve: Resolver): T[] {
  const section = findNodeAtLocation(root, ['environments', env]);
  const written = new Map<string, string>();
  for (const entry of section?.type === 'array' ? (section.children ?? []) : []) {
    const v: unknown = getNodeValue(entry);
    if (typeof v !== 'object' || v === null) continue;
    const { name, webhook_url: url } = v as { name?: unknown; webhook_url?: unknown };
    if (typeof name === 'string' && typeof url === 'string' && hasVariable(url)) written.set(name, url);
  }
  return configs.map((c) => {
    const raw = written.get(c.name);
    const resolved = raw === undefined ? undefined : substitute(raw, resolve);
    return raw !== undefined && resolved && 'value' in resolved && resolved.value === c.webhook_url ? { ...c, webhook_url: raw } : c;
  });
}
