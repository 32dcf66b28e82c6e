/**
 * SLA time inside business hours. Hours are local to Asia/Shanghai (UTC+8, no daylight saving),
 * the same every day — fresh produce is sold seven days a week. `null` means calendar time.
 */
export type BusinessHours = { startMinute: number; endMinute: number } | null;

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Start of the local (Shanghai) day containing `ms`, as a UTC epoch. */
function localDayStart(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

export function businessHoursOf(policy: {
  businessStartMinute: number | null;
  businessEndMinute: number | null;
}): BusinessHours {
  return policy.businessStartMinute === null || policy.businessEndMinute === null
    ? null
    : { startMinute: policy.businessStartMinute, endMinute: policy.businessEndMinute };
}

/** `minutes` of business time after `start` (calendar minutes when hours is null). */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date {
  if (!hours || minutes <= 0) return new Date(start.getTime() + minutes * MINUTE_MS);
  let remaining = minutes * MINUTE_MS;
  let t = start.getTime();
  for (;;) {
    const day = localDayStart(t);
    const open = day + hours.startMinute * MINUTE_MS;
    const close = day + hours.endMinute * MINUTE_MS;
    if (t < open) t = open;
    if (t >= close) {
      t = day + DAY_MS + hours.startMinute * MINUTE_MS;
      continue;
    }
    if (t + remaining <= close) return new Date(t + remaining);
    remaining -= close - t;
    t = day + DAY_MS + hours.startMinute * MINUTE_MS;
  }
}

/** Business minutes from `from` to `to` (negative when `to` is earlier). */
export function businessMinutesBetween(from: Date, to: Date, hours: BusinessHours): number {
  if (!hours) return (to.getTime() - from.getTime()) / MINUTE_MS;
  if (to < from) return -businessMinutesBetween(to, from, hours);
  let total = 0;
  for (let day = localDayStart(from.getTime()); day < to.getTime(); day += DAY_MS) {
    const open = Math.max(day + hours.startMinute * MINUTE_MS, from.getTime());
    const close = Math.min(day + hours.endMinute * MINUTE_MS, to.getTime());
    if (close > open) total += close - open;
  }
  return total / MINUTE_MS;
}
