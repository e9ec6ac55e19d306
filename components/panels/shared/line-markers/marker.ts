import type { ErrorSummary } from '@/lib/domain/model';
import { plural } from '@/lib/util/format';
import { textElement } from '@/components/shared/text-element';
import markerCss from './marker.css?inline';
import popoverCss from './popover.css?inline';

/** The element every line marker is: one per line number, never more. */
export const MARKER_TAG = 'error-tracker-line';
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress', 'click'];

export interface MarkerOptions {
  line: number;
  errors: ErrorSummary[];
  /** Opens an error's details (in the panel listing it). */
  open(error: ErrorSummary): void;
  /** Where the button sits: left of a diff's line number, or at the start of a file page's gutter row. */
  place: 'before-number' | 'row-start';
  theme: 'light' | 'dark';
}

let popovers = 0;
const stopAtHost = (event: Event) => event.stopPropagation();

/**
 * A button named "N error(s) on line L" in its own shadow root, opening a popover that lists those errors by
 * title. GitLab's styles and keyboard shortcuts stay out (key and click events stop at the host), and only the
 * user's own input acts: the page's scripts share the DOM and could click it. A merge request can have a
 * hundred markers and few are opened: the popover is made on the first opening.
 */
export function createLineMarker({ line, errors, open, place, theme }: MarkerOptions): HTMLElement {
  const host = document.createElement(MARKER_TAG);
  host.dataset.place = place;
  host.dataset.theme = theme;
  const shadow = host.attachShadow({ mode: 'open' });
  for (const type of ISOLATED_EVENTS) host.addEventListener(type, stopAtHost);

  const button = textElement('button', String(errors.length), 'marker');
  button.type = 'button';
  button.setAttribute('aria-label', `${plural(errors.length, 'error')} on line ${line}`);
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  shadow.append(textElement('style', markerCss), button);

  let popover: HTMLElement | undefined;
  const isOpen = () => popover?.matches(':popover-open') === true;
  // A press on the button while the popover is open light-dismisses it before the click: that click closes.
  let openWhenPressed = false;
  button.addEventListener('pointerdown', () => {
    openWhenPressed = isOpen();
  });
  button.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    const close = openWhenPressed || isOpen();
    openWhenPressed = false;
    if (close) {
      if (isOpen()) popover!.hidePopover();
      return;
    }
    popover ??= errorsPopover(line, errors, open, button, shadow);
    // Read once, on the user's click: the popover lies in the top layer, fixed under the button.
    const at = button.getBoundingClientRect();
    popover.style.top = `${Math.round(at.bottom + 4)}px`;
    popover.style.left = `${Math.round(Math.max(4, at.left))}px`;
    popover.showPopover();
    popover.querySelector('button')?.focus({ preventScroll: true });
  });
  return host;
}

/** The list of the line's errors (role dialog, named "Errors on line L"), each a button named by its title. */
function errorsPopover(line: number, errors: ErrorSummary[], open: (error: ErrorSummary) => void, button: HTMLElement, shadow: ShadowRoot) {
  const popover = textElement('div', '', 'errors-popover');
  popover.id = `error-tracker-line-popover-${++popovers}`;
  popover.popover = 'auto';
  popover.setAttribute('role', 'dialog');
  popover.setAttribute('aria-label', `Errors on line ${line}`);
  button.setAttribute('aria-controls', popover.id);
  const list = document.createElement('ul');
  for (const error of errors) {
    const item = document.createElement('li');
    const choose = textElement('button', error.title || '(no title)');
    choose.type = 'button';
    choose.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      popover.hidePopover();
      open(error);
    });
    item.append(choose);
    list.append(item);
  }
  popover.append(list);
  // Closing while focus is inside (Escape): focus goes back to the marker it came from.
  popover.addEventListener('beforetoggle', (event) => {
    if ((event as ToggleEvent).newState === 'closed' && shadow.activeElement && popover.contains(shadow.activeElement)) {
      button.focus({ preventScroll: true });
    }
  });
  popover.addEventListener('toggle', (event) => {
    const opened = (event as ToggleEvent).newState === 'open';
    button.setAttribute('aria-expanded', String(opened));
    // Fixed in the top layer, it would stay put while the line scrolls away.
    if (opened) addEventListener('scroll', closeOnScroll, { capture: true, passive: true, once: true });
  });
  function closeOnScroll() {
    if (popover.matches(':popover-open')) popover.hidePopover();
  }
  shadow.append(textElement('style', popoverCss), popover);
  return popover;
}
