const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Monday-to-Monday week (Asia/Shanghai) that ended most recently before `now`. */
export function lastFullWeek(now: Date): { start: Date; end: Date } {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const daysSinceMonday = (local.getUTCDay() + 6) % 7;
  const mondayLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysSinceMonday);
  const end = new Date(mondayLocal - SHANGHAI_OFFSET_MS);
  return { start: new Date(end.getTime() - 7 * 86_400_000), end };
}

/** The calendar month (Asia/Shanghai) before the one `now` is in. */
export function lastFullMonth(now: Date): { start: Date; end: Date; label: string } {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const end = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MS);
  const startLocal = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  const label = `${startLocal.getUTCFullYear()}-${String(startLocal.getUTCMonth() + 1).padStart(2, "0")}`;
  return { start: new Date(startLocal.getTime() - SHANGHAI_OFFSET_MS), end, label };
}
