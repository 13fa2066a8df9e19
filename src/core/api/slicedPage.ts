/**
 * The configuration list's body parsed and checked in slices. A platform may answer with every configuration in one
 * page: 50,000 of them are about 36 MB of JSON, which `JSON.parse` and the shape check turn into one block of the
 * extension host of several hundred milliseconds. Here the body's bytes, as they arrived (./bytes.ts: never joined
 * into one string), are scanned for the boundaries of the `results` array's elements (strings skipped, brackets
 * counted), and the elements are decoded, parsed by `JSON.parse` and checked by `fastWebhook` a hundred or so at a
 * time, yielding between slices.
 *
 * It accepts only what `JSON.parse` + `fastWebhookPage` accept, with the same result; anything else (not JSON, a
 * configuration that does not fit) is `undefined`, and the caller checks the body the usual way, whose error names
 * the field. The client brings only bodies past WHOLE_BODY_BYTES here.
 */
import type { Slicer } from '../slices';
import type { Bytes } from './bytes';
import { fastWebhookPage, fastWebhooks, type Webhook, type WebhookPage } from './schemas';

/** Elements parsed by one `JSON.parse` call: a few milliseconds of work. */
const CHUNK = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

class NotThisWay extends Error {}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: Bytes, i: number): number {
  while (i < text.length && isSpace(text.at(i))) i++;
  return i;
}

/** The index just after the string that starts (with its quote) at `i`. */
function stringEnd(text: Bytes, i: number): number {
  let j = i;
  for (;;) {
    j = text.indexOf(QUOTE, j + 1);
    if (j === -1) throw new NotThisWay();
    let k = j - 1;
    while (text.at(k) === BACKSLASH) k--;
    // An even number of backslashes before it: the quote is not escaped.
    if ((j - 1 - k) % 2 === 0) return j + 1;
  }
}

/**
 * The index just after the value that starts at `i`, scanning in slices. `commas` (for the array the value is)
 * receives the positions of its own top-level commas. Checks brackets and strings only: `JSON.parse` checks the rest.
 */
async function valueEnd(text: Bytes, i: number, slicer: Slicer, commas?: number[]): Promise<number> {
  const first = text.at(i);
  if (first === QUOTE) return stringEnd(text, i);
  if (first !== OPEN_BRACKET && first !== OPEN_BRACE) {
    // A number or a literal: up to the next delimiter.
    let j = i;
    while (j < text.length) {
      const c = text.at(j);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
      j++;
    }
    if (j === i) throw new NotThisWay();
    return j;
  }
  const stack: number[] = [first];
  let j = i + 1;
  while (stack.length > 0) {
    if (j >= text.length) throw new NotThisWay();
    const c = text.at(j);
    if (c === QUOTE) j = stringEnd(text, j);
    else {
      if (c === OPEN_BRACKET || c === OPEN_BRACE) stack.push(c);
      else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
        if (stack.pop() !== (c === CLOSE_BRACKET ? OPEN_BRACKET : OPEN_BRACE)) throw new NotThisWay();
      } else if (c === COMMA && commas && stack.length === 1) commas.push(j);
      j++;
    }
    if (slicer.due(4096)) await slicer.yield();
  }
  return j;
}

/** The elements of the array spanning [start, end) whose top-level commas are `commas`, parsed and checked in slices. */
async function elements(text: Bytes, start: number, end: number, commas: number[], slicer: Slicer): Promise<Webhook[] | undefined> {
  // JSON's whitespace only between the brackets: an empty array (anything else is for JSON.parse to judge).
  if (commas.length === 0 && skipSpace(text, start + 1) === end - 1) return [];
  const out: Webhook[] = [];
  // Each chunk is whole elements; JSON.parse checks the commas and what lies between.
  const cuts = [...commas, end - 1];
  let from = start + 1;
  for (let k = 0; k < cuts.length; k += CHUNK) {
    const last = Math.min(k + CHUNK, cuts.length) - 1;
    const to = cuts[last] as number;
    let parsed: unknown;
    try {
      parsed = JSON.parse(`[${text.text(from, to)}]`);
    } catch {
      return undefined;
    }
    // As many elements as the commas say: `[a,]` or `[,a]` is not JSON, though each piece parses.
    if (!Array.isArray(parsed) || parsed.length !== last - k + 1) return undefined;
    const checked = fastWebhooks(parsed);
    if (!checked) return undefined;
    for (const w of checked) out.push(w);
    from = to + 1;
    if (slicer.due(1)) await slicer.yield();
  }
  return out;
}

/**
 * A body up to this size goes the usual way, one `JSON.parse` of the whole (a page of 100 configurations is about
 * 60 KB: under a millisecond); only a larger one is parsed here. Scanning pages of 100 in slices cost several times
 * the usual way: 19 ms against about 5 for 1,000 configurations, in a profile of the extension host. 256 KB parse in
 * 1–2 ms here, well inside a slice.
 */
export const WHOLE_BODY_BYTES = 256 * 1024;

/** The list page in `body`, parsed and checked in slices; undefined when it is not one on the fast path. */
export async function webhookPageInSlices(body: Bytes, slicer: Slicer): Promise<WebhookPage | undefined> {
  try {
    return await parse(body, slicer);
  } catch (e) {
    // Not JSON (a key with a bad escape is found by JSON.parse): the usual way says what. An abort goes on.
    if (e instanceof NotThisWay || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

async function parse(text: Bytes, slicer: Slicer): Promise<WebhookPage | undefined> {
  let i = skipSpace(text, 0);
  const c = text.at(i);
  if (c === OPEN_BRACKET) {
    const commas: number[] = [];
    const end = await valueEnd(text, i, slicer, commas);
    if (skipSpace(text, end) !== text.length) return undefined;
    const results = await elements(text, i, end, commas, slicer);
    return results && { results, next: null, previous: null, count: results.length };
  }
  if (c !== OPEN_BRACE) return undefined;
  // The page object: each member's value parsed on its own, but `results`, whose span is kept (the last one wins,
  // as in JSON.parse).
  // No prototype: a member named "__proto__" is a member like any other, as in JSON.parse's result.
  const members = Object.create(null) as Record<string, unknown>;
  let results: { start: number; end: number; commas: number[] } | undefined;
  i = skipSpace(text, i + 1);
  if (text.at(i) === CLOSE_BRACE) i++;
  else {
    for (;;) {
      if (text.at(i) !== QUOTE) return undefined;
      const keyEnd = stringEnd(text, i);
      const key: unknown = JSON.parse(text.text(i, keyEnd));
      if (typeof key !== 'string') return undefined;
      i = skipSpace(text, keyEnd);
      if (text.at(i) !== COLON) return undefined;
      i = skipSpace(text, i + 1);
      const commas: number[] = [];
      const end = await valueEnd(text, i, slicer, commas);
      if (key === 'results' && text.at(i) === OPEN_BRACKET) {
        results = { start: i, end, commas };
        members.results = [];
      } else {
        try {
          members[key] = JSON.parse(text.text(i, end));
        } catch {
          return undefined;
        }
        if (key === 'results') results = undefined;
      }
      i = skipSpace(text, end);
      const next = text.at(i);
      i = skipSpace(text, i + 1);
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) return undefined;
    }
  }
  if (skipSpace(text, i) !== text.length || !results) return undefined;
  // The page's other fields as fastWebhookPage checks and keeps them (its results are added after).
  const page = fastWebhookPage(members);
  if (!page) return undefined;
  const list = await elements(text, results.start, results.end, results.commas, slicer);
  return list && { ...page, results: list };
}
