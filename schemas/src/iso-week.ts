// Days and ISO weeks as the server stores them (a day is midnight UTC of the calendar day in the
// institution's time zone), shared by the server and the portal so both count weeks alike.

const DAY_MS = 86_400_000;

/** The calendar day `at` falls on in `timeZone`, as midnight UTC of that day (how fact dates are stored). */
export function dayIn(at: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day')));
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The ISO 8601 week (`2025-W07`) of a day given as midnight UTC: weeks start on Monday, week 1 holds 4 January. */
export function isoWeekOf(day: Date): string {
  const thursday = addDays(day, 3 - ((day.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week, or null when the text is not a week that exists (`2021-W53` does not). */
export function mondayOf(week: string): Date | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const n = Number(match[2]);
  const jan4 = Date.UTC(year, 0, 4);
  const firstMonday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const monday = new Date(firstMonday + (n - 1) * 7 * DAY_MS);
  return n >= 1 && isoWeekOf(monday) === week ? monday : null;
}

/** This week and the `count - 1` before it, newest first, in the institution's time zone. */
export function recentWeeks(timeZone: string, count: number, now = new Date()): string[] {
  const today = dayIn(now, timeZone);
  return Array.from({ length: count }, (_, i) => isoWeekOf(addDays(today, -7 * i)));
}

/** The first day (Monday) and last day (Sunday) of an ISO week as YYYY-MM-DD, or null when it does not exist. */
export function weekDays(week: string): { from: string; to: string } | null {
  const monday = mondayOf(week);
  if (!monday) return null;
  const iso = (day: Date) => day.toISOString().slice(0, 10);
  return { from: iso(monday), to: iso(addDays(monday, 6)) };
}
