import { describe, expect, it } from "vitest";
import { lastFullMonth, lastFullWeek } from "./report-periods";

describe("report periods (Asia/Shanghai)", () => {
  it("the last full Monday–Monday week", () => {
    // Monday 2026-11-23 09:00 in Shanghai = 01:00Z: the week 11-16 00:00 → 11-23 00:00 (+08:00).
    expect(lastFullWeek(new Date("2026-11-23T01:00:00Z"))).toEqual({
      start: new Date("2026-11-15T16:00:00Z"),
      end: new Date("2026-11-22T16:00:00Z"),
    });
    // Sunday evening in Shanghai still reports the week before.
    expect(lastFullWeek(new Date("2026-11-22T14:00:00Z")).end).toEqual(new Date("2026-11-15T16:00:00Z"));
  });

  it("the last full month", () => {
    expect(lastFullMonth(new Date("2026-12-01T01:00:00Z"))).toEqual({
      start: new Date("2026-10-31T16:00:00Z"),
      end: new Date("2026-11-30T16:00:00Z"),
      label: "2026-11",
    });
    expect(lastFullMonth(new Date("2027-01-01T01:00:00Z")).label).toBe("2026-12");
  });
});
