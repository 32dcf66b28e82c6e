import { describe, expect, it } from "vitest";
import { byteRange } from "./byte-range";

const of = (range: string | null, size = 1000, ifRange?: string) => byteRange({ range, size, ifRange });

describe("byteRange", () => {
  it("reads the three forms of one range, clamped to the file", () => {
    expect(of("bytes=0-")).toEqual({ start: 0, end: 999 });
    expect(of("bytes=0-99")).toEqual({ start: 0, end: 99 });
    expect(of("bytes=500-5000")).toEqual({ start: 500, end: 999 });
    expect(of("bytes=-100")).toEqual({ start: 900, end: 999 });
    expect(of("bytes=-5000")).toEqual({ start: 0, end: 999 });
    expect(of("BYTES=999-999")).toEqual({ start: 999, end: 999 });
  });

  it("answers unsatisfiable past the end or for an empty suffix", () => {
    expect(of("bytes=1000-")).toBe("unsatisfiable");
    expect(of("bytes=1000-1001")).toBe("unsatisfiable");
    expect(of("bytes=99999999999999999999999-")).toBe("unsatisfiable");
    expect(of("bytes=-0")).toBe("unsatisfiable");
    expect(of("bytes=-10", 0)).toBe("unsatisfiable");
  });

  it("ignores what it does not serve: no header, other units, malformed, reversed, several ranges, an If-Range", () => {
    for (const range of [null, "", "items=0-1", "bytes=-", "bytes=a-b", "bytes=5-1", "bytes=0-1,5-9", "bytes 0-1"])
      expect(of(range), String(range)).toBeNull();
    expect(of("bytes=0-1", 1000, '"etag"')).toBeNull();
  });
});
