import { describe, expect, it } from 'vitest';
import { isoWeekOf, recentWeeks, weekDays } from './iso-week.js';

describe('ISO weeks, as the server and the portal both count them', () => {
  it('gives the days of a week that exists and nothing for one that does not', () => {
    expect(weekDays('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
    expect(weekDays('2025-W01')).toEqual({ from: '2024-12-30', to: '2025-01-05' });
    expect(weekDays('2021-W53')).toBeNull();
    expect(weekDays('2025-W00')).toBeNull();
    expect(weekDays('2025-7')).toBeNull();
  });

  it("lists this week and the ones before it in the institution's time zone", () => {
    // Monday 5 January 2026 at 01:00 in Shanghai is still Sunday 4 January in UTC.
    const now = new Date('2026-01-04T17:00:00Z');
    expect(recentWeeks('Asia/Shanghai', 3, now)).toEqual(['2026-W02', '2026-W01', '2025-W52']);
    expect(recentWeeks('UTC', 1, now)).toEqual(['2026-W01']);
    expect(isoWeekOf(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-W01');
  });
});
