/** Tiny element builder: text is always set as text, never parsed as HTML. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | null | EventListener>;

export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
};

const SVG = 'http://www.w3.org/2000/svg';
export const svg = (
  tag: string,
  attrs: Record<string, string | number> = {},
  ...children: Child[]
): SVGElement => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  append(element, children);
  return element;
};

const append = (element: Element, children: Child[]) => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
};

/** Replace a container's content. */
export const render = (container: Element, ...children: Child[]): void => {
  container.replaceChildren();
  append(container, children);
};

export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the page`);
  return element as T;
};

/** A short explanation shown where a panel has nothing to draw. */
export const emptyNote = (text: string, detail?: Child): HTMLElement =>
  h('p', { class: 'empty-note' }, text, detail ? ' ' : '', detail);
