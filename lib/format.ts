const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

let relativeFormat: Intl.RelativeTimeFormat | undefined;

/** "5 minutes ago"; '' for a missing or unreadable date. */
export function relativeTime(iso: string | undefined, now = Date.now()): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((time - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return '';
}

let dateTimeFormat: Intl.DateTimeFormat | undefined;
/** Local date and time. One shared formatter: toLocaleString() builds a new one per call, slow in lists. */
export function exactTime(iso: string | undefined): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return '';
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  return dateTimeFormat.format(time);
}

let numberFormat: Intl.NumberFormat | undefined;
export function formatCount(n: number): string {
  numberFormat ??= new Intl.NumberFormat();
  return numberFormat.format(n);
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
