/**
 * The model of `transcrypts.webhooks.json`, "webhook configurations as code": what the file wants each environment
 * to have, where in the file each part was written, and what is wrong with it. Pure data: no I/O, no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { EnvType } from '../model';

/** The file's name at the root of a repository. */
export const CONFIG_FILE_NAME = 'transcrypts.webhooks.json';

/** A place in the file: the character offset and the line and column, all 0-based. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

/** Something wrong (`error`: the file cannot be applied) or doubtful (`warning`: kept as it is) in the file. */
export interface Problem {
  severity: 'error' | 'warning';
  /** Plain English, without the position (formatProblem adds it). */
  message: string;
  range: SourceRange;
}

/** One configuration the file wants, its values after substitution. */
export interface DesiredConfig {
  env: EnvType;
  name: string;
  webhook_url: string;
  /** As written (substituted, duplicates dropped); compared as a set. Unknown event types are kept. */
  events: string[];
  /** Only when the file gives it. */
  enabled?: boolean;
  /** The entry's object in the file. */
  range: SourceRange;
}

/** The hosts a promotion maps, `from host` → `to host` (a host may carry its port). */
export interface PromoteRule {
  hostMap: Record<string, string>;
}

/** The parsed file. `desired` holds only the entries without an error. */
export interface ConfigFileModel {
  text: string;
  schema?: string;
  desired: Record<EnvType, DesiredConfig[]>;
  prune: boolean;
  /** Keyed `from→to` (U+2192), as the file writes them. */
  promote: Record<string, PromoteRule>;
  problems: Problem[];
}

/** How `${env:NAME}` and `${config:transcrypts.key}` are resolved; undefined means unknown. */
export interface Resolver {
  env(name: string): string | undefined;
  config(key: string): unknown;
}

/** A configuration's comparable values, from the file or from the platform. */
export interface ConfigValues {
  name: string;
  webhook_url: string;
  events: readonly string[];
  enabled?: boolean;
}

/** The arrow of a promotion's key: `dev→prod`. */
export const PROMOTE_ARROW = '\u2192';

export function promoteKey(from: EnvType, to: EnvType): string {
  return `${from}${PROMOTE_ARROW}${to}`;
}

/** `transcrypts.webhooks.json:4:17: message (error)`, 1-based as editors show it. */
export function formatProblem(p: Problem, file = CONFIG_FILE_NAME): string {
  const at = `${file}:${p.range.start.line + 1}:${p.range.start.column + 1}`;
  return p.severity === 'warning' ? l10n.t('{0}: {1} (warning)', at, p.message) : `${at}: ${p.message}`;
}

/** Whether any problem stops the file from being planned and applied. */
export function hasErrors(model: Pick<ConfigFileModel, 'problems'>): boolean {
  return model.problems.some((p) => p.severity === 'error');
}
