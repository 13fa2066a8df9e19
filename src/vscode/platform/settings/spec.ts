/**
 * Every `transcrypts.*` setting: its key, its default and how a stored value is read — in one place.
 * Plain TypeScript (no `vscode`), so a Node test can hold it against `package.json`.
 */
import { DEFAULT_TIMEOUT_MS } from '../../../core/api/client';
import { DEFAULT_FOLDER, DEFAULT_PATTERN } from '../../../core/fixtures/naming';
import { DEFAULT_REDACT_KEYS } from '../../../core/fixtures/redact';
import { DEFAULT_FAILING_THRESHOLD } from '../../../core/history/failures';
import { CONFIG_FILE_NAME } from '../../../core/config/types';
import { DEFAULT_ENVIRONMENTS, LIMITS } from '../../../core/model';
import { DEFAULT_PROFILE, PROFILE_NAMES } from '../../../core/profiles';
import { SIGNATURE_FORMAT_CHOICES } from '../../../core/signature';

export const SECTION = 'transcrypts';

/** How one setting is read: its default, and a reader that turns any stored value into a valid one. */
export interface SettingSpec<T> {
  readonly default: T;
  /** `minimum`/`maximum` (numbers) and `enum` (strings), as package.json declares them. */
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  read(raw: unknown): T;
}

function text(d: string): SettingSpec<string> {
  return { default: d, read: (r) => (typeof r === 'string' ? r : d) };
}

function oneOf<T extends string>(values: readonly T[], d: T): SettingSpec<T> {
  return { default: d, enum: values, read: (r) => (values.find((v) => v === r) ?? d) };
}

function flag(d: boolean): SettingSpec<boolean> {
  return { default: d, read: (r) => (typeof r === 'boolean' ? r : d) };
}

function num(d: number, minimum: number, maximum: number, integer = false): SettingSpec<number> {
  return {
    default: d,
    minimum,
    maximum,
    read: (r) => {
      if (typeof r !== 'number' || !Number.isFinite(r)) return d;
      const v = Math.max(minimum, Math.min(maximum, r));
      return integer ? Math.floor(v) : v;
    },
  };
}

function strings(d: readonly string[]): SettingSpec<string[]> {
  return { default: [...d], read: (r) => (Array.isArray(r) && r.every((x) => typeof x === 'string') ? [...(r as string[])] : [...d]) };
}

export const FIXTURE_FORMATS = ['json', 'typescript', 'ask'] as const;
/** Where a fixture saved from the history panel opens: a tab in the panel's group, the group beside it, or not at all. */
export const FIXTURE_OPEN = ['active', 'beside', 'none'] as const;
export const DEFAULT_API_BASE_URL = 'https://prod.transcrypts.com/v1/';

/** The settings, by their key under `transcrypts.`. */
export const SETTING_SPECS = {
  apiBaseUrl: text(DEFAULT_API_BASE_URL),
  environments: strings(DEFAULT_ENVIRONMENTS),
  signatureFormat: oneOf(SIGNATURE_FORMAT_CHOICES, 'auto'),
  'sandbox.port': num(0, 0, 65535, true),
  'sandbox.profile': oneOf(PROFILE_NAMES, DEFAULT_PROFILE),
  requestTimeoutSeconds: num(DEFAULT_TIMEOUT_MS / 1000, 1, 300),
  'production.readOnly': flag(false),
  failingThreshold: num(DEFAULT_FAILING_THRESHOLD, 0, 1),
  'fixtures.folder': text(DEFAULT_FOLDER),
  'fixtures.fileName': text(DEFAULT_PATTERN),
  'fixtures.format': oneOf(FIXTURE_FORMATS, 'json'),
  'fixtures.writeSchemas': flag(true),
  'fixtures.openAfterSave': oneOf(FIXTURE_OPEN, 'active'),
  'fixtures.openAsPreview': flag(true),
  'fixtures.driftSamples': num(20, 1, LIMITS.historyPageSizeMax, true),
  'fixtures.redact': flag(true),
  'fixtures.redactRules': strings(DEFAULT_REDACT_KEYS),
  'history.autoRefresh': flag(false),
  'history.pageSize': num(100, 10, LIMITS.historyPageSizeMax, true),
  'listen.intervalSeconds': num(2, 1, 60),
  'listen.retry': flag(true),
  'listen.allowProduction': flag(false),
  'listen.restoreOnReload': flag(true),
  'config.file': text(CONFIG_FILE_NAME),
  'receiver.url': text(''),
  'receiver.environment': text(''),
  'receiver.launchConfiguration': text(''),
  'receiver.replayHistoryCount': num(100, 1, 1000, true),
} as const;

export type SettingKey = keyof typeof SETTING_SPECS;
export type SettingValue<K extends SettingKey> = ReturnType<(typeof SETTING_SPECS)[K]['read']>;

/** `transcrypts.<key>`, as settings.json and `workbench.action.openSettings` name it. */
export function settingId(key: SettingKey): string {
  return `${SECTION}.${key}`;
}
