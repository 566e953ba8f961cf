const DAY_MS = 86_400_000;

/** The calendar day `at` falls on in `timeZone`, as midnight UTC (as the server counts days). */
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

/** The ISO 8601 week (`2025-W07`) of a day given as midnight UTC; the server's rule (core/src/customers/iso-week.ts). */
export function isoWeekOf(day: Date): string {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** This week and the `count - 1` before it, newest first, in the institution's time zone. */
export function recentWeeks(timeZone: string, count: number, now = new Date()): string[] {
  const today = dayIn(now, timeZone);
  return Array.from({ length: count }, (_, i) => isoWeekOf(new Date(today.getTime() - i * 7 * DAY_MS)));
}

/** The first day (Monday) and last day (Sunday) of an ISO week, as YYYY-MM-DD. */
export function weekDays(week: string): { from: string; to: string } | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const firstMonday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const monday = firstMonday + (Number(match[2]) - 1) * 7 * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(monday), to: iso(monday + 6 * DAY_MS) };
}
