const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of `HH:MM`, or undefined for anything else (an unset time input gives ''). */
function minutesOf(time: string): number | undefined {
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Both times set and different: a window. One alone, or the same twice, is none. */
export function hasQuietHours(from: string, until: string): boolean {
  const start = minutesOf(from);
  const end = minutesOf(until);
  return start !== undefined && end !== undefined && start !== end;
}

/**
 * Whether `at` (local time) falls in the quiet window from `from` (included) until `until` (excluded). A window
 * whose end is earlier than its start runs across midnight: 22:00–07:00 is quiet at 23:30 and at 06:59.
 */
export function isQuietAt(at: Date, from: string, until: string): boolean {
  const start = minutesOf(from);
  const end = minutesOf(until);
  if (start === undefined || end === undefined || start === end) return false;
  const minute = at.getHours() * 60 + at.getMinutes();
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
