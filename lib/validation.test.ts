import { describe, expect, it } from "vitest";
import { isCalendarDay, isUuid } from "./validation";

describe("URL value checks", () => {
  it("accepts only real calendar days", () => {
    expect(isCalendarDay("2026-11-22")).toBe(true);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    for (const bad of ["2026-13-45", "2026-02-30", "2027-02-29", "2026-1-2", "yesterday", "2026-11-22T00:00"]) expect(isCalendarDay(bad), bad).toBe(false);
  });

  it("accepts only uuids", () => {
    expect(isUuid("8c9e8667-dd77-4c31-9899-c0754feeb1c0")).toBe(true);
    expect(isUuid("8c9e8667")).toBe(false);
  });
});
