/**
 * The saved connection as globalState holds it, and the first read of its secrets. Imported by the extension's entry
 * (src/loader.ts, before the bundle runs) as well as by the connection: no `vscode` value, nothing heavy.
 */
import type * as vscode from 'vscode';
import type { EnvType } from '../../core/model';
import { SECRET_KEY_PREFIX, STATE_KEYS } from '../platform/stateKeys';

export type ConnectionMode = 'sandbox' | 'remote';

export interface Saved {
  mode: ConnectionMode;
  clientId: string;
  /** The environments connected to, in the order chosen (no secrets: those are in SecretStorage). */
  environments?: EnvType[];
}

export const STATE_KEY = STATE_KEYS.connection;
export const secretKey = (env: EnvType): string => `${SECRET_KEY_PREFIX}${env}`;
/** Environments stored before the list was saved (older versions): the three then known. */
export const LEGACY_ENVS: readonly EnvType[] = ['sandbox', 'dev', 'prod'];
/** Every environment a saved connection knows (connected to, or given a secret later), in order. */
export const knownOf = (saved: Saved | undefined): EnvType[] => saved?.environments ?? [...LEGACY_ENVS];

/** The connection saved in globalState, when it is one (its shape checked: it was written by any version). */
export function savedConnection(globalState: vscode.Memento): Saved | undefined {
  const saved = globalState.get<Saved>(STATE_KEY);
  return saved && (saved.mode === 'sandbox' || saved.mode === 'remote') && typeof saved.clientId === 'string' ? saved : undefined;
}

/** A read of a saved remote connection's secrets, asked for before anything else (`restore` takes it). */
export interface SecretsRead {
  envs: EnvType[];
  values: Promise<Array<string | undefined>>;
}

/** `envs`' secrets as SecretStorage holds them, asked for together. */
export function secretsOf(secrets: vscode.SecretStorage, envs: readonly EnvType[]): Promise<Array<string | undefined>> {
  return Promise.all(envs.map((env) => secrets.get(secretKey(env))));
}

/** The saved remote connection's secrets, asked for now; undefined for a sandbox connection or none. */
export function readSavedSecrets(globalState: vscode.Memento, secrets: vscode.SecretStorage): SecretsRead | undefined {
  const saved = savedConnection(globalState);
  if (saved?.mode !== 'remote') return undefined;
  const envs = knownOf(saved);
  return { envs, values: secretsOf(secrets, envs) };
}
