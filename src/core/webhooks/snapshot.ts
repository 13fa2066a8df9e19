/**
 * The sidebar's last-known configurations, kept between sessions: on the next activation the tree paints them at
 * once, marked as updating, while the lists are fetched again (the list calls wait for the saved keys and the
 * network; the snapshot needs neither). Written only from fresh lists, for one connection (its key); read back
 * through the same shape the network's lists pass, so a file that was edited, truncated or written by another
 * version is ignored, never trusted. It holds what the tree shows — names, URLs, events — and no key.
 */
import { fastWebhooks, type Webhook } from '../api/schemas';
import type { EnvType } from '../model';

export const SNAPSHOT_VERSION = 1;

export interface Snapshot {
  /** The connection it belongs to (its mode, client id and API address): another connection's is not shown. */
  key: string;
  savedAt: string;
  /** The connected environments, in their order. */
  environments: EnvType[];
  /** What each environment's list call returned, by the environment whose secret listed it. */
  lists: Partial<Record<EnvType, Webhook[]>>;
}

export function encodeSnapshot(s: Snapshot): string {
  return JSON.stringify({ version: SNAPSHOT_VERSION, ...s });
}

/**
 * The snapshot in `text` if it is one, of this version, for the connection `key`; otherwise why not (for the
 * log: never shown, and never more than a reason).
 */
export function decodeSnapshot(text: string, key: string): { snapshot: Snapshot } | { ignored: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ignored: 'not JSON' };
  }
  // The key first: another connection's snapshot is not validated, it is not used.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ignored: 'not a snapshot' };
  const o = json as Record<string, unknown>;
  if (o.key !== key) return { ignored: 'another connection' };
  if (o.version !== SNAPSHOT_VERSION || typeof o.savedAt !== 'string') return { ignored: 'not a snapshot of this version' };
  const environments = o.environments;
  if (!Array.isArray(environments) || !environments.every((e): e is string => typeof e === 'string')) return { ignored: 'no environments' };
  if (typeof o.lists !== 'object' || o.lists === null || Array.isArray(o.lists)) return { ignored: 'no lists' };
  // Each list as the network's lists are checked (the same shape, on the same fast path); one that does not fit
  // discards the whole snapshot.
  const lists: Array<[EnvType, Webhook[]]> = [];
  for (const [env, list] of Object.entries(o.lists as Record<string, unknown>)) {
    const checked = fastWebhooks(list);
    if (!checked) return { ignored: 'a list does not fit' };
    lists.push([env, checked]);
  }
  // fromEntries: an environment named "__proto__" is a key like any other.
  return { snapshot: { key, savedAt: o.savedAt, environments, lists: Object.fromEntries(lists) } };
}

/**
 * What the tree's first answer waits for, from VS Code's question: the fresh lists when they come within `afterMs`
 * (one render, of current data); else last session's snapshot, shown (`show`) and marked as updating until they
 * come; without one — or once the connection it belongs to is `lost` — the lists (the caller bounds the wait).
 */
export async function firstAnswer(o: {
  listed: Promise<unknown>;
  snapshot: Promise<Snapshot | undefined>;
  afterMs: number;
  show: (s: Snapshot) => void;
  lost: () => boolean;
}): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), o.afterMs)));
  const soon = await Promise.race([o.listed.then(() => true, () => true), late]).finally(() => clearTimeout(timer));
  if (soon) return;
  const kept = await o.snapshot;
  if (kept && !o.lost()) o.show(kept);
  else await o.listed.catch(() => undefined);
}
