import { describe, expect, it } from "vitest";
import { parseRestoreTime, shanghaiTime } from "./backup-time";

describe("restore --to", () => {
  it("reads a time without an offset as Asia/Shanghai", () => {
    expect(parseRestoreTime("2026-12-01 10:15")?.toISOString()).toBe("2026-12-01T02:15:00.000Z");
    expect(parseRestoreTime("2026-12-01T10:15:30")?.toISOString()).toBe("2026-12-01T02:15:30.000Z");
    expect(parseRestoreTime("2026-12-01 00:05:00.25")?.toISOString()).toBe("2026-11-30T16:05:00.250Z");
  });

  it("honours an explicit offset", () => {
    expect(parseRestoreTime("2026-12-01 10:15Z")?.toISOString()).toBe("2026-12-01T10:15:00.000Z");
    expect(parseRestoreTime("2026-12-01T10:15:00+01:00")?.toISOString()).toBe("2026-12-01T09:15:00.000Z");
    expect(parseRestoreTime("2026-12-01 10:15 -0500")?.toISOString()).toBe("2026-12-01T15:15:00.000Z");
  });

  it("refuses what is not a calendar moment", () => {
    for (const text of ["", "yesterday", "2026-12-01", "2026-02-30 10:00", "2026-12-01 24:10", "10:15", "1733010900"])
      expect(parseRestoreTime(text), text).toBeNull();
  });

  it("prints moments in Asia/Shanghai", () => {
    expect(shanghaiTime(new Date("2026-11-30T16:05:00Z"))).toBe("2026-12-01 00:05:00");
  });
});
