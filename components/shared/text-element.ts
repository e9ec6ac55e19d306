/** An element holding `text` as text only (remote strings never become markup), with an optional class. */
export function textElement<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className?: string) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text) element.textContent = text;
  return element;
}
