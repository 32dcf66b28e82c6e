/**
 * The statistics an experiment's results page shows, written out rather than pulled from a
 * library: a few textbook formulas (checked against scipy on fixed data in experiment-stats.test.ts).
 * Rates use Wilson intervals and the pooled two-proportion z-test; means use Student's t intervals
 * and Welch's t-test (unequal variances, Welch–Satterthwaite degrees of freedom). 95 % throughout.
 */

const CONFIDENCE = 0.95;

/** Φ(z), the standard normal CDF, from erfc (Numerical Recipes' erfcc Chebyshev fit, |relative error| < 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9).
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i += 1) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized incomplete beta function I_x(a, b), by its continued fraction (Lentz). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x)) / a;
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let i = 0; i <= 400; i += 1) {
    const m = Math.floor(i / 2);
    const numerator =
      i === 0
        ? 1
        : i % 2 === 0
          ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
          : -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + numerator * d;
    d = Math.abs(d) < tiny ? tiny : d;
    d = 1 / d;
    c = 1 + numerator / c;
    c = Math.abs(c) < tiny ? tiny : c;
    const step = c * d;
    f *= step;
    if (Math.abs(1 - step) < 1e-12) break;
  }
  return front * (f - 1);
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, by bisection on the CDF (monotone; 100 halvings are far below display precision). */
export function studentTQuantile(p: number, df: number): number {
  let [low, high] = [-1e3, 1e3];
  for (let i = 0; i < 100; i += 1) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function normalQuantile(p: number): number {
  let [low, high] = [-40, 40];
  for (let i = 0; i < 100; i += 1) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

const Z = normalQuantile(1 - (1 - CONFIDENCE) / 2);

export type Interval = { low: number; high: number };

export type ArmSummary = { n: number; value: number | null; ci: Interval | null };

/** A rate with its Wilson score interval (sound near 0 and 1, where the normal interval is not). */
export function rateSummary({ successes, n }: { successes: number; n: number }): ArmSummary {
  if (n === 0) return { n, value: null, ci: null };
  const p = successes / n;
  const centre = (p + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n);
  const half = (Z / (1 + (Z * Z) / n)) * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n));
  return { n, value: p, ci: { low: centre - half, high: centre + half } };
}

/** What a mean's interval and test need: the count, the mean and the sample variance (n − 1). */
export type Moments = { n: number; mean: number; variance: number };

/** The moments of a list of values (the database computes the same with avg and var_samp). */
export function momentsOf(values: readonly number[]): Moments {
  const n = values.length;
  const mean = n ? values.reduce((sum, v) => sum + v, 0) / n : Number.NaN;
  const variance = n > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : Number.NaN;
  return { n, mean, variance };
}

/** A mean with its t interval (none below two values: no spread to measure). */
export function meanSummary({ n, mean, variance }: Moments): ArmSummary {
  if (n === 0) return { n, value: null, ci: null };
  if (n < 2) return { n, value: mean, ci: null };
  const half = studentTQuantile(1 - (1 - CONFIDENCE) / 2, n - 1) * Math.sqrt(variance / n);
  return { n, value: mean, ci: { low: mean - half, high: mean + half } };
}

export type Comparison = {
  /** Treatment minus control. */
  difference: number;
  ci: Interval;
  statistic: number;
  /** Two-sided. */
  pValue: number;
  significant: boolean;
};

/**
 * The pooled two-proportion z-test of b against a, with an unpooled interval for the difference.
 * Null when either arm is empty or nothing varies (every answer the same in both arms).
 */
export function compareRates({
  a,
  b,
}: {
  a: { successes: number; n: number };
  b: { successes: number; n: number };
}): Comparison | null {
  // Not a proportion (more "successes" than trials, e.g. complaints about orders placed before
  // the window outnumbering the orders in it): no test applies.
  if (a.n === 0 || b.n === 0 || a.successes > a.n || b.successes > b.n) return null;
  const [pa, pb] = [a.successes / a.n, b.successes / b.n];
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (!(se > 0)) return null;
  const statistic = (pb - pa) / se;
  const pValue = 2 * (1 - normalCdf(Math.abs(statistic)));
  const seDiff = Math.sqrt((pa * (1 - pa)) / a.n + (pb * (1 - pb)) / b.n);
  const difference = pb - pa;
  return {
    difference,
    ci: { low: difference - Z * seDiff, high: difference + Z * seDiff },
    statistic,
    pValue,
    significant: pValue < 1 - CONFIDENCE,
  };
}

/** Welch's t-test of b's mean against a's. Null below two values per arm or with no spread at all. */
export function compareMeans({ a, b }: { a: Moments; b: Moments }): Comparison | null {
  if (a.n < 2 || b.n < 2) return null;
  const [va, vb] = [a.variance / a.n, b.variance / b.n];
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return null;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const difference = b.mean - a.mean;
  const statistic = difference / se;
  const pValue = 2 * (1 - studentTCdf(Math.abs(statistic), df));
  const half = studentTQuantile(1 - (1 - CONFIDENCE) / 2, df) * se;
  return {
    difference,
    ci: { low: difference - half, high: difference + half },
    statistic,
    pValue,
    significant: pValue < 1 - CONFIDENCE,
  };
}
