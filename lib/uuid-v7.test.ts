import { describe, expect, it } from "vitest";
import { uuidV7 } from "./uuid-v7";

describe("uuidV7", () => {
  it("is a canonical UUID of version 7 with RFC 9562's variant", () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidV7();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it("carries the time in its first 48 bits", () => {
    const at = Date.UTC(2026, 11, 3, 10, 15, 30, 123);
    const id = uuidV7(at);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it("sorts by time across milliseconds, as PostgreSQL compares uuids (byte by byte)", () => {
    const at = Date.now();
    const ids = [at + 5, at, at + 1, at + 60_000, at + 2].map((t) => uuidV7(t));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[4], ids[0], ids[3]]);
  });

  it("keeps the rest random: no two of 100 000 taken in one millisecond are equal", () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 100_000 }, () => uuidV7(at)));
    expect(ids.size).toBe(100_000);
  });

  it("refuses what is not a whole millisecond since 1970 within 48 bits", () => {
    for (const bad of [Number.NaN, -1, 1.5, 2 ** 48]) expect(() => uuidV7(bad)).toThrow(RangeError);
  });
});
