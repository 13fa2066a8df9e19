/**
 * JSON highlighting with Prism's tokenizer (a well-kept highlighter), turned into DOM nodes with textContent:
 * payload text is never parsed as HTML.
 */
import Prism from 'prismjs';
import 'prismjs/components/prism-json';

type Token = string | Prism.Token;

function append(parent: HTMLElement, token: Token | Token[]): void {
  if (typeof token === 'string') {
    parent.appendChild(document.createTextNode(token));
    return;
  }
  if (Array.isArray(token)) {
    for (const t of token) append(parent, t);
    return;
  }
  const span = document.createElement('span');
  span.className = `token ${token.type}`;
  append(span, token.content as Token | Token[]);
  parent.appendChild(span);
}

/** Fill `el` with the highlighted JSON `line`. */
export function highlightLine(el: HTMLElement, line: string): void {
  const grammar = Prism.languages.json;
  el.textContent = '';
  if (!grammar) {
    el.textContent = line;
    return;
  }
  append(el, Prism.tokenize(line, grammar));
}
