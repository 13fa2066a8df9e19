/**
 * The history's pagination cursor: which way to page and from which row, as opaque base64url text. Its form is
 * the sandbox's own; clients only pass back the links they were given.
 */

/** A row's place in the history: its time, then its sequence number for rows of the same time. */
export interface RowKey {
  created_at: string;
  seq: number;
}

export interface Cursor {
  /** `before`: the rows older than `key` (a `next` link); `after`: the rows newer (a `previous` link). */
  dir: 'before' | 'after';
  key: RowKey;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.dir === 'before' ? 'b' : 'a', c.key.created_at, c.key.seq])).toString('base64url');
}

/** The cursor `raw` encodes, or undefined when it is not one. */
export function decodeCursor(raw: string): Cursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return undefined;
    const [d, at, seq] = v as unknown[];
    if ((d !== 'b' && d !== 'a') || typeof at !== 'string' || typeof seq !== 'number') return undefined;
    return { dir: d === 'b' ? 'before' : 'after', key: { created_at: at, seq } };
  } catch {
    return undefined;
  }
}
