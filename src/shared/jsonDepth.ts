/**
 * How deep a document nests, found without recursion: every walker of an outside document (a request body, the
 * configurations file, a fixture, a delivery's payload) is recursive somewhere — ours, JSON.stringify, a parser —
 * so a document deeper than a limit is refused (or not walked) before any of them meets it. The platform's
 * documents are shallow: a delivery nests 3 levels, a configurations file 5.
 */

/**
 * Deeper than this, a document from outside is not walked: far above any real one (and above the 300-deep hostile
 * payload the UI suite renders), far below the stack's limit (the walkers overflowed between 6,000 and 20,000).
 */
export const MAX_DOCUMENT_DEPTH = 1000;

/**
 * The offset in JSON (or JSONC: `//` and `/* *\/` comments) text of the first bracket that nests deeper than
 * `limit`; -1 when none does. Brackets inside strings and comments do not count. One pass, no recursion.
 */
export function tooDeepAt(text: string, limit = MAX_DOCUMENT_DEPTH, comments = false): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: to its closing quote (a backslash escapes the next character).
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (comments && c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (comments && c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/**
 * How many levels of arrays and objects a value nests (0 for a scalar, 1 for `{}`), with an explicit stack; the walk
 * stops once it is past `stopAbove` (then the answer is stopAbove + 1).
 */
export function depthOf(value: unknown, stopAbove = Infinity): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, d] = top;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) max = d + 1;
    if (max > stopAbove) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
    }
  }
  return max;
}

/** Whether a parsed value nests arrays and objects deeper than `limit` (stops as soon as it knows). */
export function deeperThan(value: unknown, limit = MAX_DOCUMENT_DEPTH): boolean {
  return depthOf(value, limit) > limit;
}
