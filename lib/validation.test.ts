import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isCalendarDay, isStorableText, isUuid, parseInput } from "./validation";

describe("URL value checks", () => {
  it("accepts only real calendar days", () => {
    expect(isCalendarDay("2026-11-22")).toBe(true);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    for (const bad of ["2026-13-45", "2026-02-30", "2027-02-29", "2026-1-2", "yesterday", "2026-11-22T00:00"])
      expect(isCalendarDay(bad), bad).toBe(false);
  });

  it("accepts only uuids", () => {
    expect(isUuid("8c9e8667-dd77-4c31-9899-c0754feeb1c0")).toBe(true);
    expect(isUuid("8c9e8667")).toBe(false);
  });
});

describe("storable text", () => {
  it("refuses NUL and lone surrogates, which PostgreSQL text and jsonb cannot take, and keeps everything else", () => {
    for (const ok of ["", "芒果烂了", "😀", "a\tb\r\n", "\u202e\ufeff\u007f"])
      expect(isStorableText(ok), JSON.stringify(ok)).toBe(true);
    for (const bad of ["a\u0000b", "\ud800", "x\udfffy", "😀".slice(0, 1)])
      expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
  });

  it("parseInput names every field holding such text (found by the fuzz suite: a 500 from the database before)", () => {
    const schema = z.object({
      description: z.string(),
      items: z.array(z.object({ name: z.string() })),
      note: z.string().optional(),
    });
    expect(() =>
      parseInput(schema, { description: "芒果\u0000", items: [{ name: "ok" }, { name: "\ud800" }] }),
    ).toThrow(
      expect.objectContaining({
        code: "validation_failed",
        fields: [
          { path: "description", code: "unstorable_text" },
          { path: "items.1.name", code: "unstorable_text" },
        ],
      }),
    );
    expect(parseInput(schema, { description: "芒果", items: [] })).toEqual({ description: "芒果", items: [] });
  });
});
