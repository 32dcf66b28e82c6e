import { describe, expect, it } from "vitest";
import { armForCustomer, inAudience } from "./assignment";

// 10 000 simulated customers with uuid-shaped ids, deterministic so a failure can be reproduced.
const CUSTOMERS = Array.from({ length: 10_000 }, (_, i) => {
  const hex = i.toString(16).padStart(12, "0");
  return `c0ffee00-0000-4000-8000-${hex}`;
});
const EXPERIMENT = "5f0c1e8a-9d3b-4a7e-b2c1-3f4e5d6c7b8a";
const OTHER_EXPERIMENT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

// chi-square critical values at 1 % (scipy.stats.chi2.ppf(0.99, df)): df 1 → 6.635, df 2 → 9.210.
const CHI2_99 = { 1: 6.6348966010212145, 2: 9.21034037197618 } as const;

function chiSquare(counts: number[], expected: number[]): number {
  return counts.reduce((sum, count, i) => sum + (count - expected[i]!) ** 2 / expected[i]!, 0);
}

describe("experiment assignment by stable hash", () => {
  it("is sticky: the same customer gets the same arm however often and in whatever order it is asked", () => {
    const first = CUSTOMERS.map((customerId) =>
      armForCustomer({ experimentId: EXPERIMENT, customerId, sharePercent: 100, arms: ["A", "B"] }),
    );
    const again = [...CUSTOMERS]
      .reverse()
      .map((customerId) =>
        armForCustomer({ experimentId: EXPERIMENT, customerId, sharePercent: 100, arms: ["A", "B"] }),
      )
      .reverse();
    expect(again).toEqual(first);
  });

  it("is balanced between two and three arms (chi-square on 10 000 customers, 1 % level)", () => {
    for (const arms of [
      ["A", "B"],
      ["A", "B", "C"],
    ]) {
      const counts = arms.map(() => 0);
      for (const customerId of CUSTOMERS) {
        const arm = armForCustomer({ experimentId: EXPERIMENT, customerId, sharePercent: 100, arms })!;
        counts[arms.indexOf(arm)]! += 1;
      }
      const statistic = chiSquare(
        counts,
        arms.map(() => CUSTOMERS.length / arms.length),
      );
      expect(statistic).toBeLessThan(CHI2_99[(arms.length - 1) as 1 | 2]);
    }
  });

  it("takes the share asked for, and the arm does not depend on being in the share", () => {
    const inShare = CUSTOMERS.map((customerId) =>
      armForCustomer({ experimentId: EXPERIMENT, customerId, sharePercent: 20, arms: ["A", "B"] }),
    ).filter((arm) => arm !== null);
    // Binomial(10 000, 0.2): mean 2 000, sd 40; 4 sd either side.
    expect(inShare.length).toBeGreaterThan(2000 - 160);
    expect(inShare.length).toBeLessThan(2000 + 160);
    const counts = ["A", "B"].map((arm) => inShare.filter((a) => a === arm).length);
    expect(chiSquare(counts, [inShare.length / 2, inShare.length / 2])).toBeLessThan(CHI2_99[1]);
    // Everyone in the 20 % share is in the 50 % share too (the buckets nest): widening keeps people in.
    for (const customerId of CUSTOMERS) {
      const narrow = armForCustomer({ experimentId: EXPERIMENT, customerId, sharePercent: 20, arms: ["A", "B"] });
      if (narrow !== null)
        expect(armForCustomer({ experimentId: EXPERIMENT, customerId, sharePercent: 50, arms: ["A", "B"] })).toBe(
          narrow,
        );
    }
    expect(
      CUSTOMERS.some((customerId) =>
        armForCustomer({ experimentId: EXPERIMENT, customerId, sharePercent: 1, arms: ["A", "B"] }),
      ),
    ).toBe(true);
  });

  it("is independent between experiments (2×2 chi-square on the two assignments)", () => {
    const table = [
      [0, 0],
      [0, 0],
    ];
    for (const customerId of CUSTOMERS) {
      const one = armForCustomer({ experimentId: EXPERIMENT, customerId, sharePercent: 100, arms: [0, 1] })!;
      const two = armForCustomer({ experimentId: OTHER_EXPERIMENT, customerId, sharePercent: 100, arms: [0, 1] })!;
      table[one]![two]! += 1;
    }
    const rows = table.map((r) => r[0]! + r[1]!);
    const cols = [table[0]![0]! + table[1]![0]!, table[0]![1]! + table[1]![1]!];
    const n = CUSTOMERS.length;
    let statistic = 0;
    for (const i of [0, 1])
      for (const j of [0, 1]) {
        const expected = (rows[i]! * cols[j]!) / n;
        statistic += (table[i]![j]! - expected) ** 2 / expected;
      }
    expect(statistic).toBeLessThan(CHI2_99[1]);
  });

  it("filters the audience by tier, region and category (empty lists: everyone)", () => {
    const complaint = { customerId: CUSTOMERS[0]!, tier: "vip", region: "南京", category: "product.rotten" };
    const everyone = { sharePercent: 100, tiers: [], regions: [], categories: [] };
    expect(inAudience({ audience: everyone, complaint })).toBe(true);
    expect(inAudience({ audience: { ...everyone, tiers: ["normal"] }, complaint })).toBe(false);
    expect(inAudience({ audience: { ...everyone, regions: ["南京", "上海"] }, complaint })).toBe(true);
    expect(inAudience({ audience: { ...everyone, categories: ["delivery.late"] }, complaint })).toBe(false);
  });
});
