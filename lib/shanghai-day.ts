/**
 * The instant a calendar day (YYYY-MM-DD, already checked with isCalendarDay) begins in
 * Asia/Shanghai, optionally some days later: how date filters in URLs become time ranges.
 */
export function shanghaiDayStart(day: string, plusDays = 0): Date {
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + plusDays * 86_400_000);
}

/** Today in Asia/Shanghai (UTC+8, no daylight saving) as YYYY-MM-DD. */
export function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A calendar day (YYYY-MM-DD) some days later or earlier. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
