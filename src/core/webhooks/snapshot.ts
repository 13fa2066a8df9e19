/**
 * The sidebar's last-known configurations, kept between sessions: on the next activation, when the lists are slower
 * than last time's (they wait for the saved keys and the network; the snapshot needs neither), the tree paints them,
 * marked as updating, until the lists come (`firstAnswer`). Written only from fresh lists, for one connection (its
 * key); read back through the same shape the network's lists pass, so a file that was edited, truncated or written
 * by another version is ignored, never trusted. It holds what the tree shows — names, URLs, events — and no key.
 */
import { fastWebhooks, type Webhook } from '../api/schemas';
import type { EnvType } from '../model';
import { settlesWithin } from '../settles';

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
  return encodeSnapshotBody(s.key, s.savedAt, JSON.stringify({ environments: s.environments, lists: s.lists }));
}

/**
 * The same text, from its body already as JSON (`{"environments":…,"lists":…}`): the store compares that body with
 * what it wrote last, and 5,000 configurations are 3 MB to stringify once, not twice.
 */
export function encodeSnapshotBody(key: string, savedAt: string, body: string): string {
  return `{"version":${SNAPSHOT_VERSION},"key":${JSON.stringify(key)},"savedAt":${JSON.stringify(savedAt)},${body.slice(1)}`;
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

/** The least the first answer waits for the lists before it shows a snapshot (ms after VS Code's question). */
export const SNAPSHOT_AFTER_MS = 150;
/** Lists that took longer than this last time are not waited for: the snapshot shows after SNAPSHOT_AFTER_MS. */
export const LISTS_EXPECTED_MAX_MS = 600;

/**
 * How long the first answer waits for the lists before it shows the snapshot, `sinceActivationMs` after activation:
 * when last start's lists came within LISTS_EXPECTED_MAX_MS of activation (`expectedMs`), until 1.5 times that (at
 * most that bound) — they are likely to come again, and one render of current data beats the snapshot and a second
 * render; otherwise (slow, or unknown) SNAPSHOT_AFTER_MS.
 */
export function snapshotWaitMs(expectedMs: number | undefined, sinceActivationMs: number): number {
  const expected = expectedMs !== undefined && expectedMs <= LISTS_EXPECTED_MAX_MS ? Math.min(expectedMs * 1.5, LISTS_EXPECTED_MAX_MS) : 0;
  return Math.max(SNAPSHOT_AFTER_MS, expected - sinceActivationMs);
}

/**
 * What the tree's first answer waits for, from VS Code's question: the fresh lists when they come within `waitMs`
 * (one render, of current data); else last session's snapshot, read only then (`snapshot`), shown (`show`) and
 * marked as updating until they come; without one — or once the connection it belongs to is `lost` — the lists (the
 * caller bounds the wait).
 */
export async function firstAnswer(o: {
  listed: Promise<unknown>;
  waitMs: number;
  snapshot: () => Snapshot | undefined;
  show: (s: Snapshot) => void;
  lost: () => boolean;
}): Promise<void> {
  if (await settlesWithin(o.listed, o.waitMs)) return;
  const kept = o.lost() ? undefined : o.snapshot();
  if (kept) o.show(kept);
  else await o.listed.catch(() => undefined);
}
