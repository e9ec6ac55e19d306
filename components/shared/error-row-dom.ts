import type { ErrorSummary } from '@/lib/domain/model';
import { isRising, recentEvents } from '@/lib/domain/trend';
import { exactTime, plural, relativeTime } from '@/lib/util/format';
import { afterPaint } from './after-paint';
import { sparklineParts } from './sparkline-parts';
import { textElement } from './text-element';

/**
 * One error row, drawn with DOM calls rather than virtual DOM: a page holds 100 rows, and Preact's diff of them
 * cost five times drawing them outright (docs/performance.md, panel_rows_ms). Text goes in as text only.
 *
 *   li.error-row[data-level] > button.error-title[data-error-id] (the title: its accessible name),
 *     div.culprit, [what the caller put in the row], div.facts > span.rising?, span (events), span (users), span (last seen <time>),
 *     svg.sparkline[role=img] (drawn right after the rows are painted: 100 SVG charts cost as much as the rows)
 */
interface Drawn {
  button: HTMLButtonElement;
  culprit?: HTMLElement;
  facts: HTMLElement;
  /** What the row shows, so that drawing it again with the same values changes nothing. */
  shown: string;
}

const drawnRows = new WeakMap<HTMLLIElement, Drawn>();
const SVG = 'http://www.w3.org/2000/svg';

/**
 * Draws `error` into `row`, or updates it: the title button stays the same element (focus stays on it), and
 * what the caller added to the row stays, between the culprit and the facts.
 */
export function drawErrorRow(row: HTMLLIElement, error: ErrorSummary, now: number): void {
  const lastSeen = relativeTime(error.lastSeen, now);
  const hourly = error.hourlyEvents;
  const shown = [error.id, error.title, error.culprit, error.level, error.count, error.userCount, lastSeen, error.lastSeen, hourly].join(
    '\n',
  );
  const drawn = drawnRows.get(row);
  if (drawn?.shown === shown) return;
  if (error.level) row.setAttribute('data-level', error.level);
  else row.removeAttribute('data-level');
  let button = drawn?.button;
  if (!button) {
    row.classList.add('error-row');
    button = textElement('button', '', 'error-title');
    button.type = 'button';
    row.prepend(button);
  }
  button.setAttribute('data-error-id', error.id);
  button.textContent = error.title || '(no title)';
  drawn?.culprit?.remove();
  drawn?.facts.remove();
  const culprit = error.culprit ? textElement('div', error.culprit, 'culprit') : undefined;
  if (culprit) button.after(culprit);
  const facts = textElement('div', '', 'facts');
  if (isRising(hourly)) {
    const rising = textElement('span', 'Rising', 'rising');
    rising.title = `${plural(recentEvents(hourly ?? []), 'event')} in the last 3 hours`;
    facts.append(rising);
  }
  facts.append(textElement('span', plural(error.count, 'event')), textElement('span', plural(error.userCount, 'user')));
  if (error.lastSeen) {
    const time = textElement('time', lastSeen);
    time.dateTime = error.lastSeen;
    time.title = exactTime(error.lastSeen);
    const seen = textElement('span', 'last seen ');
    seen.append(time);
    facts.append(seen);
  }
  row.append(facts);
  drawnRows.set(row, { button, culprit, facts, shown });
  if (hourly) afterPaint(() => drawnRows.get(row)?.facts === facts && facts.append(sparklineOf(hourly)));
}

function sparklineOf(hourly: readonly number[]): SVGSVGElement {
  const { label, viewBox, bars } = sparklineParts(hourly);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('viewBox', viewBox);
  svg.setAttribute('preserveAspectRatio', 'none');
  if (bars) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', bars);
    svg.append(path);
  }
  return svg;
}
