/**
 * The instant a calendar day (YYYY-MM-DD, already checked with isCalendarDay) begins in
 * Asia/Shanghai, optionally some days later: how date filters in URLs become time ranges.
 */
export function shanghaiDayStart(day: string, plusDays = 0): Date {
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + plusDays * 86_400_000);
}
