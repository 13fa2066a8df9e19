/**
 * JSON highlighting with Prism's tokenizer (a well-kept highlighter, called in jsonTokens.ts), turned into DOM nodes
 * with textContent: payload text is never parsed as HTML. Brackets nesting deeper than MAX_HIGHLIGHT_DEPTH in a
 * line, and all after them, are plain text; nothing here recurses.
 */
import { jsonPieces } from './jsonTokens';

/** Fill `el` with the highlighted JSON `line`. */
export function highlightLine(el: HTMLElement, line: string): void {
  el.textContent = '';
  for (const piece of jsonPieces(line)) {
    let parent: HTMLElement = el;
    for (const type of piece.types) {
      const span = document.createElement('span');
      span.className = `token ${type}`;
      parent.appendChild(span);
      parent = span;
    }
    parent.appendChild(document.createTextNode(piece.text));
  }
}
