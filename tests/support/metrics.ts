import type { Histogram } from "prom-client";

/** A histogram's running totals: the sum of what it observed and how many observations (e.g. items and statements of a statement group). */
export async function histogramTotals(histogram: Histogram): Promise<{ sum: number; count: number }> {
  const { values } = await histogram.get();
  const total = (suffix: string) => values.find((v) => v.metricName?.endsWith(suffix))?.value ?? 0;
  return { sum: total("_sum"), count: total("_count") };
}
