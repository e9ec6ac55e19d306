import type { StackFrame } from '@/lib/domain/model';
import type { FrameLinkView } from './frame-links';
import { textElement } from './text-element';

/**
 * One exception's frames, drawn with DOM calls rather than virtual DOM: big events have a hundred frames and
 * more, and Preact's diff of them was most of the details' click → frames time (docs/performance.md,
 * details_frames_ms). Text goes in as text only.
 *
 *   li.frame[data-in-app] > details > summary (file, " in " function, " at line " line, in-app badge),
 *     the source lines while open (pre.context[role=group]); a.frame-link beside the details, once known
 *
 * `drawn` keeps each frame's element by id ("exception:frame") between drawings, so what the user opened stays
 * open; the caller starts a new map for new frames.
 */
export function drawFrames(
  list: HTMLOListElement,
  drawn: Map<string, HTMLLIElement>,
  frames: StackFrame[],
  {
    exception,
    firstOpen,
    inAppOnly,
    linkOf,
  }: { exception: number; firstOpen?: string; inAppOnly: boolean; linkOf(frame: StackFrame): FrameLinkView | undefined },
): void {
  const shown: HTMLLIElement[] = [];
  frames.forEach((frame, index) => {
    if (inAppOnly && !frame.inApp) return;
    const id = `${exception}:${index}`;
    const item = drawn.get(id) ?? frameItem(frame, id === firstOpen);
    drawn.set(id, item);
    // Beside the summary, not in it: a link inside a disclosure button would be a control inside a control. A link
    // to the same place (its name is made from it) stays the same element, so focus stays on it.
    const link = linkOf(frame);
    const drawnLink = item.querySelector<HTMLAnchorElement>('.frame-link');
    if (drawnLink && drawnLink.href !== link?.href) drawnLink.remove();
    if (link && drawnLink?.parentNode !== item) {
      const anchor = item.appendChild(textElement('a', link.name, 'frame-link'));
      anchor.href = link.href;
      anchor.target = '_blank';
      anchor.rel = 'noreferrer noopener';
    }
    shown.push(item);
  });
  // A first drawing goes in at once. Later, frames no longer shown go, and the rest are put in order without
  // moving one already in place: moving an element out of the page and back would take focus from it.
  if (!list.firstChild) {
    list.append(...shown);
    return;
  }
  const keep = new Set<Element>(shown);
  for (const child of [...list.children]) if (!keep.has(child)) child.remove();
  let next: ChildNode | null = list.firstChild;
  for (const item of shown) {
    if (item === next) next = next.nextSibling;
    else list.insertBefore(item, next);
  }
}

function frameItem(frame: StackFrame, open: boolean): HTMLLIElement {
  const item = textElement('li', '', 'frame');
  item.dataset.inApp = String(frame.inApp);
  const details = item.appendChild(textElement('details', ''));
  const summary = details.appendChild(textElement('summary', ''));
  const where = frame.line === undefined ? '' : frame.column === undefined ? `${frame.line}` : `${frame.line}:${frame.column}`;
  summary.append(textElement('span', frame.file, 'frame-file'));
  if (frame.function) summary.append(' in ', textElement('span', frame.function, 'frame-function'));
  if (where) summary.append(' at line ', textElement('span', where, 'frame-line'));
  if (frame.inApp) summary.append(textElement('span', 'in app', 'badge-in-app'));
  // The source lines only while the frame is open: most frames of a big event are never opened.
  const showSource = () => {
    const source = summary.nextSibling;
    if (!details.open) source?.remove();
    else if (!source) details.append(frameSource(frame, where));
  };
  details.open = open;
  details.ontoggle = showSource;
  showSource();
  return item;
}

function frameSource(frame: StackFrame, where: string): HTMLElement {
  if (!frame.context.length) return textElement('p', 'No source context for this frame.', 'muted');
  // Long lines scroll sideways: the block takes focus so the keyboard can scroll it, named for the frame
  // (WCAG 2.1.1, axe scrollable-region-focusable); a named group, as a <fieldset> is for form controls.
  const pre = textElement('pre', '', 'context');
  pre.tabIndex = 0;
  pre.setAttribute('role', 'group');
  pre.setAttribute('aria-label', `Source of ${frame.file}${where ? ` around line ${where}` : ''}`);
  for (const line of frame.context) {
    const current = line.line === frame.line;
    const row = pre.appendChild(textElement('div', '', current ? 'context-line error-line' : 'context-line'));
    if (current) row.setAttribute('aria-current', 'true');
    row.append(textElement('span', String(line.line), 'line-number'), textElement('code', line.code));
  }
  return pre;
}
