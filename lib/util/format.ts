// Formatting for lists of up to a hundred rows. No Intl here: the first Intl formatter of a page loads
// locale data and costs tens of milliseconds (measured 50–85 ms for NumberFormat in a fresh GitLab tab),
// more than a whole panel is allowed. The UI is English; these cover what it shows.

const UNITS: Array<[string, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 minutes ago", "yesterday", "in 2 hours"; '' for a missing or unreadable date. */
export function relativeTime(iso: string | undefined, now = Date.now()): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((time - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) < size && unit !== 'minute') continue;
    const n = Math.max(1, Math.round(Math.abs(seconds) / size));
    if (unit === 'day' && n === 1) return seconds < 0 ? 'yesterday' : 'tomorrow';
    const amount = `${n} ${unit}${n === 1 ? '' : 's'}`;
    return seconds < 0 ? `${amount} ago` : `in ${amount}`;
  }
  return '';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time to the second, e.g. "2026-11-21 14:05:09". */
export function exactTime(iso: string | undefined): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(time) ? '' : exactTimeAt(time);
}

/** The same for a time in ms since the epoch. */
export function exactTimeAt(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Badge-sized count: '' for none, '999+' past three digits, 'N+' where the server stopped counting. */
export function countText(count: number, capped = false): string {
  if (count <= 0) return '';
  if (count > 999) return '999+';
  return capped ? `${count}+` : String(count);
}
