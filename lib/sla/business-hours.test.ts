import { describe, expect, it } from "vitest";
import { addBusinessMinutes, businessMinutesBetween } from "./business-hours";

const nineToNine = { startMinute: 9 * 60, endMinute: 21 * 60 };
// Times written with +08:00: the hours are Shanghai's, whatever the server's zone.
const at = (local: string) => new Date(`${local}+08:00`);

describe("SLA business hours (Asia/Shanghai)", () => {
  it("calendar time when there are no business hours", () => {
    expect(addBusinessMinutes(at("2026-11-22T23:50:00"), 30, null)).toEqual(at("2026-11-23T00:20:00"));
  });

  it("counts only open hours: a complaint at 20:50 with 30 minutes is due at 09:20 next day", () => {
    expect(addBusinessMinutes(at("2026-11-22T20:50:00"), 30, nineToNine)).toEqual(at("2026-11-23T09:20:00"));
    expect(addBusinessMinutes(at("2026-11-22T03:00:00"), 120, nineToNine)).toEqual(at("2026-11-22T11:00:00"));
    expect(addBusinessMinutes(at("2026-11-22T10:00:00"), 24 * 60, nineToNine)).toEqual(at("2026-11-24T10:00:00"));
  });

  it("is anchored to Shanghai, not to UTC days (a UTC midnight inside open hours does not break the day)", () => {
    // 07:30Z = 15:30 Shanghai; 16:00Z is midnight in Shanghai but 00:00Z is 08:00 Shanghai.
    expect(addBusinessMinutes(new Date("2026-11-22T07:30:00Z"), 60, nineToNine)).toEqual(
      new Date("2026-11-22T08:30:00Z"),
    );
    expect(addBusinessMinutes(new Date("2026-11-22T12:30:00Z"), 60, nineToNine)).toEqual(
      new Date("2026-11-23T01:30:00Z"),
    );
  });

  it("measures business minutes between two times, both ways", () => {
    expect(businessMinutesBetween(at("2026-11-22T20:00:00"), at("2026-11-23T10:00:00"), nineToNine)).toBe(120);
    expect(businessMinutesBetween(at("2026-11-23T10:00:00"), at("2026-11-22T20:00:00"), nineToNine)).toBe(-120);
    expect(businessMinutesBetween(at("2026-11-22T22:00:00"), at("2026-11-23T08:00:00"), nineToNine)).toBe(0);
    expect(businessMinutesBetween(at("2026-11-22T10:00:00"), at("2026-11-22T10:45:00"), null)).toBe(45);
  });
});
