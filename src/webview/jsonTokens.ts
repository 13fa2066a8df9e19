/**
 * The JSON highlighter's tokenizer, without the DOM (highlight.ts turns its pieces into nodes; unit tests call it in
 * Node). Payload text is outside data: a line may nest brackets without limit. It never throws and never
 * recurses: brackets are tokenized down to MAX_HIGHLIGHT_DEPTH, the rest of the line is plain text.
 */
import Prism from 'prismjs';
import 'prismjs/components/prism-json';
import { MAX_DOCUMENT_DEPTH, tooDeepAt } from '../shared/jsonDepth';

/** Past a bracket nesting deeper than this in a line, the line is shown plain (the limit of every document walker). */
export const MAX_HIGHLIGHT_DEPTH = MAX_DOCUMENT_DEPTH;

/** A piece of a highlighted line: its text, and the token types it is inside, outermost first (none: plain text). */
export interface Piece {
  text: string;
  types: string[];
}

/** The offset of the first bracket in `line` nesting deeper than `limit`, -1 when none does (strings do not count). */
export function tooDeepIn(line: string, limit = MAX_HIGHLIGHT_DEPTH): number {
  return tooDeepAt(line, limit);
}

type Stream = string | Prism.Token | Array<string | Prism.Token>;

/** Prism's token tree as pieces in text order, with an explicit stack. */
function pieces(tokens: Stream): Piece[] {
  const out: Piece[] = [];
  const stack: Array<[Stream, string[]]> = [[tokens, []]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [t, types] = top;
    if (typeof t === 'string') out.push({ text: t, types });
    else if (Array.isArray(t)) for (let i = t.length - 1; i >= 0; i--) stack.push([t[i] as string | Prism.Token, types]);
    else stack.push([t.content as Stream, [...types, t.type]]);
  }
  return out;
}

/** The pieces of one line of JSON: tokens down to MAX_HIGHLIGHT_DEPTH, plain text from a bracket deeper on. */
export function jsonPieces(line: string): Piece[] {
  const cut = tooDeepIn(line);
  const head = cut === -1 ? line : line.slice(0, cut);
  const grammar = Prism.languages.json;
  let out: Piece[];
  try {
    out = grammar ? pieces(Prism.tokenize(head, grammar)) : [{ text: head, types: [] }];
  } catch {
    // A tokenizer failure costs the colours, never the text.
    out = [{ text: head, types: [] }];
  }
  if (cut !== -1) out.push({ text: line.slice(cut), types: [] });
  return out.filter((p) => p.text !== '');
}
