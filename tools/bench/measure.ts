import { performance } from "node:perf_hooks";

export type Timing = { p50: number; p95: number; p99: number; runs: number };

/** Runs `fn` `runs` times after `warmup` untimed runs; milliseconds at the 50th/95th/99th percentile. */
export async function measure(
  fn: () => Promise<unknown>,
  { runs = 40, warmup = 3 }: { runs?: number; warmup?: number } = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]! * 100) / 100;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), runs };
}

/** The p-th percentile (0–100) of ascending `sorted` values, rounded to whole units; null when empty. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}
