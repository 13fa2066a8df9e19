/** Small DOM helpers of the webview: every text is set as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function option(value: string, label: string): HTMLOptionElement {
  const o = el('option', '', label);
  o.value = value;
  return o;
}

/** A button with a codicon and a label (the label is its last child, see setLabel). */
export function button(label: string, icon: string, onClick: () => void, id: string): HTMLButtonElement {
  const b = el('button');
  b.id = id;
  // The name stays when a narrow panel shows only the icon.
  b.title = label;
  b.setAttribute('aria-label', label);
  const i = el('span', `codicon codicon-${icon}`);
  i.setAttribute('aria-hidden', 'true');
  b.append(i, el('span', '', label));
  b.addEventListener('click', onClick);
  return b;
}

export function setLabel(b: HTMLButtonElement, text: string): void {
  const label = b.lastElementChild;
  if (label) label.textContent = text;
  b.title = text;
  b.setAttribute('aria-label', text);
}
