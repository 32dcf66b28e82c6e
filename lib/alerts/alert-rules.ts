/** Thresholds of the smart alerts (seed rules). */
export const PRODUCT_SPIKE_COUNT = 5;
export const PRODUCT_SPIKE_WINDOW_HOURS = 24;
const REGION_SPIKE_FACTOR = 3;
const REGION_SPIKE_MIN = 5;
export const REGION_BASELINE_DAYS = 7;

/** A region's delivery complaints in the last hour against its trailing 7-day hourly mean. */
export function isRegionSpike({
  lastHour,
  previousSevenDays,
}: {
  lastHour: number;
  previousSevenDays: number;
}): boolean {
  const hourlyMean = previousSevenDays / (REGION_BASELINE_DAYS * 24);
  return lastHour >= REGION_SPIKE_MIN && lastHour >= REGION_SPIKE_FACTOR * hourlyMean;
}
