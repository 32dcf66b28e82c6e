import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { csatScore, isChurnRisk, npsScore, shouldAskNps } from "./survey-rules";

describe("satisfaction scores", () => {
  it("CSAT is the share of 4–5", () => {
    expect(csatScore([5, 4, 3, 1])).toBe(0.5);
    expect(csatScore([])).toBeNull();
  });

  it("NPS is % promoters (9–10) minus % detractors (0–6)", () => {
    expect(npsScore([10, 9, 8, 7, 6, 0])).toBeCloseTo(0);
    expect(npsScore([10, 10, 10, 5])).toBe(50);
    expect(npsScore([0, 3])).toBe(-100);
    expect(npsScore([])).toBeNull();
  });
});

describe("NPS sampling", () => {
  const now = new Date("2026-11-22T00:00:00Z");
  it("asks about the sampled share, the same answer every time for a complaint", () => {
    const ids = Array.from({ length: 2000 }, () => randomUUID());
    const asked = ids.filter((complaintId) => shouldAskNps({ complaintId, lastAskedAt: null, now })).length;
    expect(asked / ids.length).toBeGreaterThan(0.25);
    expect(asked / ids.length).toBeLessThan(0.35);
    for (const complaintId of ids.slice(0, 20))
      expect(shouldAskNps({ complaintId, lastAskedAt: null, now })).toBe(
        shouldAskNps({ complaintId, lastAskedAt: null, now }),
      );
  });

  it("never asks a customer twice within 30 days", () => {
    const complaintId = randomUUID();
    expect(
      shouldAskNps({ complaintId, lastAskedAt: new Date(now.getTime() - 29 * 86_400_000), now, samplePercent: 100 }),
    ).toBe(false);
    expect(
      shouldAskNps({ complaintId, lastAskedAt: new Date(now.getTime() - 31 * 86_400_000), now, samplePercent: 100 }),
    ).toBe(true);
  });
});

describe("churn warning", () => {
  it("fires on the third dissatisfied answer in a row, not before and not with a good one between", () => {
    expect(isChurnRisk([2, 1, 2])).toBe(true);
    expect(isChurnRisk([1, 2, 2, 5])).toBe(true);
    expect(isChurnRisk([2, 1])).toBe(false);
    expect(isChurnRisk([2, 4, 1])).toBe(false);
    expect(isChurnRisk([3, 1, 1])).toBe(false);
  });
});
