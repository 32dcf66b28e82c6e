import { describe, expect, it } from "vitest";
import {
  compareMeans,
  compareRates,
  meanSummary,
  momentsOf,
  normalCdf,
  rateSummary,
  studentTCdf,
  studentTQuantile,
} from "./experiment-stats";

/*
 * Reference values computed once with scipy 1.17.1 on the fixed data below
 * (stats.ttest_ind(equal_var=False) and its confidence_interval, stats.t.interval,
 * stats.binomtest(...).proportion_ci(method="wilson"), stats.t.cdf / ppf, stats.norm.cdf;
 * the pooled two-proportion z written out with stats.norm.sf).
 */
const CSAT_CONTROL = [4, 5, 3, 4, 4, 5, 2, 4, 5, 3, 4, 4];
const CSAT_VARIANT = [5, 5, 4, 5, 3, 5, 4, 5, 5, 4, 5, 4, 5, 5];

describe("experiment statistics against scipy on fixed data", () => {
  it("Welch's t-test: statistic, degrees of freedom, p-value and the difference's interval", () => {
    const result = compareMeans({ a: momentsOf(CSAT_CONTROL), b: momentsOf(CSAT_VARIANT) })!;
    expect(result.statistic).toBeCloseTo(2.0982313820390273, 9);
    expect(result.pValue).toBeCloseTo(0.04904513650870023, 6);
    expect(result.ci.low).toBeCloseTo(0.003022988103243751, 6);
    expect(result.ci.high).toBeCloseTo(1.3065008214205656, 6);
    expect(result.significant).toBe(true);
  });

  it("a mean's t interval", () => {
    const summary = meanSummary(momentsOf(CSAT_CONTROL));
    expect(summary.value).toBeCloseTo(3.9166666666666665, 12);
    expect(summary.ci!.low).toBeCloseTo(3.344620058883157, 6);
    expect(summary.ci!.high).toBeCloseTo(4.488713274450176, 6);
  });

  it("the pooled two-proportion z-test, the unpooled interval of the difference, Wilson's interval", () => {
    const result = compareRates({ a: { successes: 18, n: 120 }, b: { successes: 31, n: 125 } })!;
    expect(result.statistic).toBeCloseTo(1.9170289512680814, 9);
    expect(result.pValue).toBeCloseTo(0.05523425371806383, 6);
    expect(result.significant).toBe(false);
    expect(result.ci.low).toBeCloseTo(-0.0010600001553648375, 6);
    expect(result.ci.high).toBeCloseTo(0.19706000015536485, 6);
    const wilson = rateSummary({ successes: 18, n: 120 });
    expect(wilson.ci!.low).toBeCloseTo(0.09703812292584738, 6);
    expect(wilson.ci!.high).toBeCloseTo(0.22467529356724505, 6);
  });

  it("the t and normal distributions (fractional degrees of freedom included)", () => {
    const tCdf: [number, number, number][] = [
      [0.5, 3, 0.6742760175759245],
      [2.228138851986273, 10, 0.975],
      [-1.7, 4.6, 0.07747576008445552],
      [3.1, 27.3, 0.997771980252754],
      [10, 2, 0.9950737714883372],
    ];
    for (const [t, df, p] of tCdf) expect(studentTCdf(t, df)).toBeCloseTo(p, 8);
    expect(studentTQuantile(0.975, 7)).toBeCloseTo(2.364624251592784, 6);
    expect(studentTQuantile(0.975, 18.4)).toBeCloseTo(2.0976530566581726, 6);
    const zCdf: [number, number][] = [
      [-3, 0.0013498980316300933],
      [-1.2, 0.11506967022170822],
      [0, 0.5],
      [0.7, 0.758036347776927],
      [1.959963984540054, 0.975],
      [4, 0.9999683287581669],
    ];
    for (const [z, p] of zCdf) expect(normalCdf(z)).toBeCloseTo(p, 6);
  });

  it("nothing to compare: empty arms, a single value, no spread at all", () => {
    expect(rateSummary({ successes: 0, n: 0 })).toEqual({ n: 0, value: null, ci: null });
    expect(meanSummary(momentsOf([4])).ci).toBeNull();
    expect(compareMeans({ a: momentsOf([4]), b: momentsOf([4, 5]) })).toBeNull();
    expect(compareMeans({ a: momentsOf([5, 5]), b: momentsOf([5, 5, 5]) })).toBeNull();
    expect(compareRates({ a: { successes: 0, n: 10 }, b: { successes: 0, n: 12 } })).toBeNull();
    expect(compareRates({ a: { successes: 1, n: 0 }, b: { successes: 0, n: 12 } })).toBeNull();
  });
});
