import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { box, element, mp4, webm } from "../../tests/support/video-fixtures";
import { detectVideoType, exceedsVideoLength, videoSeconds } from "./video-rules";

/** What the reader makes of the bytes: the container and its length, or where it gave up. */
function read(bytes: Uint8Array) {
  const type = detectVideoType(bytes);
  return { type, seconds: type ? videoSeconds(bytes, type) : null };
}

const u8 = (...parts: (Uint8Array | number[] | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : [...part])));

describe("MP4", () => {
  it("reads mvhd's duration in versions 0 and 1, moov before or after mdat, and a fragmented file's mehd", () => {
    expect(read(mp4({ seconds: 5 }))).toEqual({ type: "video/mp4", seconds: 5 });
    expect(read(mp4({ seconds: 12.5, timescale: 90_000, version: 1 }))).toEqual({ type: "video/mp4", seconds: 12.5 });
    expect(read(mp4({ seconds: 29, moovLast: true }))).toEqual({ type: "video/mp4", seconds: 29 });
    expect(read(mp4({ seconds: 8, fragmented: true }))).toEqual({ type: "video/mp4", seconds: 8 });
    // A 64-bit mdat (size 1, then the largesize) before moov.
    const [ftyp, moov] = [mp4().subarray(0, 32), mp4().subarray(32, mp4().length - 24)];
    expect(read(u8(ftyp, box("mdat", [new Uint8Array(100)], { largeSize: true }), moov)).seconds).toBe(5);
    // A last box of size 0 runs to the end of the file.
    expect(read(u8(mp4({ seconds: 3 }), [0, 0, 0, 0], "mdat", new Uint8Array(40))).seconds).toBe(3);
  });

  it("knows an MP4 by an MP4-family brand, major or compatible; QuickTime, HEIC and audio brands are not video", () => {
    expect(read(mp4({ brands: ["mp42", "mp42"] })).type).toBe("video/mp4");
    expect(read(mp4({ brands: ["M4V ", "M4V ", "M4A "] })).type).toBe("video/mp4");
    expect(read(mp4({ brands: ["XAVC", "XAVC", "iso6"] })).type).toBe("video/mp4");
    expect(read(mp4({ brands: ["qt  ", "qt  "] })).type).toBeNull();
    expect(read(mp4({ brands: ["heic", "mif1", "heic"] })).type).toBeNull();
    expect(read(mp4({ brands: ["M4A ", "M4A "] })).type).toBeNull();
  });

  it("has no length to read without a video track, a moov, a usable mvhd or a known duration", () => {
    expect(read(mp4({ handler: "soun" }))).toEqual({ type: "video/mp4", seconds: null });
    const full = mp4();
    expect(read(full.subarray(0, 32)).seconds).toBeNull();
    expect(read(mp4({ timescale: 0 })).seconds).toBeNull();
    expect(read(mp4({ seconds: 0 })).seconds).toBeNull();
    const unknown = mp4();
    // mvhd's 32-bit duration all ones: "unknown" in version 0.
    const at = Buffer.from(unknown).indexOf("mvhd") + 4 + 16;
    unknown.set([0xff, 0xff, 0xff, 0xff], at);
    expect(read(unknown).seconds).toBeNull();
  });
});

describe("WebM", () => {
  it("reads Info's Duration × TimecodeScale (default 1 ms), as a 4- or 8-byte float, in a Segment of known or unknown size", () => {
    expect(read(webm({ seconds: 5 }))).toEqual({ type: "video/webm", seconds: 5 });
    expect(read(webm({ seconds: 12, timecodeScale: 1_000_000 })).seconds).toBe(12);
    expect(read(webm({ seconds: 40, timecodeScale: 100_000 })).seconds).toBeCloseTo(40, 6);
    expect(read(webm({ seconds: 7.5, durationBytes: 4 })).seconds).toBeCloseTo(7.5, 3);
    expect(read(webm({ seconds: 9, unknownSegmentSize: true })).seconds).toBe(9);
  });

  it("is WebM only with DocType webm, and has no length without a Duration or a video track", () => {
    expect(read(webm({ docType: "matroska" })).type).toBeNull();
    expect(read(webm({ durationBytes: null }))).toEqual({ type: "video/webm", seconds: null });
    expect(read(webm({ trackType: 2 }))).toEqual({ type: "video/webm", seconds: null });
    expect(read(webm({ timecodeScale: 0 })).seconds).toBeNull();
  });
});

describe("the length limit", () => {
  it("counts seconds as people do: 30.4 s is 30, 30.5 s is over", () => {
    expect(exceedsVideoLength(30)).toBe(false);
    expect(exceedsVideoLength(30.4)).toBe(false);
    expect(exceedsVideoLength(30.5)).toBe(true);
    expect(exceedsVideoLength(40)).toBe(true);
  });
});

describe("hostile bytes", () => {
  const valid = [mp4({ seconds: 5 }), mp4({ seconds: 6, version: 1, fragmented: true }), webm({ seconds: 4 })];

  it("a valid file cut short anywhere is read or refused, never thrown on, never misread", () => {
    for (const file of valid)
      for (let end = 0; end <= file.length; end++) {
        const { seconds } = read(file.subarray(0, end));
        expect(seconds === null || seconds === read(file).seconds).toBe(true);
      }
  });

  it("random bytes, and valid files with random bytes changed, never throw and answer null or a finite positive length", () => {
    const anyBytes = fc.oneof(
      fc.uint8Array({ maxLength: 256 }),
      fc.uint8Array({ maxLength: 256 }).map((tail) => u8([0, 0, 0, 24], "ftypisom", tail)),
      fc.uint8Array({ maxLength: 256 }).map((tail) => u8([0x1a, 0x45, 0xdf, 0xa3], tail)),
      fc
        .tuple(
          fc.constantFrom(...valid),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        )
        .map(([file, changes]) => {
          const bytes = new Uint8Array(file);
          for (const [at, value] of changes) bytes[at % bytes.length] = value;
          return bytes;
        }),
    );
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const { type, seconds } = read(bytes);
        expect(type === null || type === "video/mp4" || type === "video/webm").toBe(true);
        expect(seconds === null || (Number.isFinite(seconds) && seconds > 0)).toBe(true);
      }),
      { seed: 15, numRuns: 3_000 },
    );
  });

  it("sizes past the end, 64-bit sizes no file has, and EBML's unknown and 8-byte sizes are refused, not followed", () => {
    const ftyp = mp4().subarray(0, 32);
    const moov = mp4().subarray(32, mp4().length - 24);
    const cases = [
      u8(ftyp, [0xff, 0xff, 0xff, 0xff], "mdat", new Uint8Array(16), moov),
      u8(ftyp, [0, 0, 0, 1], "mdat", [0x40, 0, 0, 0, 0, 0, 0, 0], moov),
      u8(ftyp, [0, 0, 0, 1], "mdat", [0, 0, 0, 0, 0, 0, 0, 8], moov),
      u8(ftyp, [0, 0, 0, 4], "free", moov),
      u8(ftyp, [0, 0, 0, 1], "mda"),
      u8(webm().subarray(0, 40), [0x15, 0x49, 0xa9, 0x66, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]),
      u8([0x1a, 0x45, 0xdf, 0xa3, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], "webm"),
      u8([0x1a, 0x45, 0xdf, 0xa3, 0x00, 0x00]),
    ];
    for (const bytes of cases) expect(() => read(bytes)).not.toThrow();
    for (const bytes of cases.slice(0, 4)) expect(read(bytes).seconds).toBeNull();
  });

  it("deep nesting and endless siblings cost a bounded walk", () => {
    let nested = mp4().subarray(32, mp4().length - 24);
    for (let depth = 0; depth < 2_000; depth++) nested = box("moov", [nested]);
    let ebml = element(0x1549a966);
    for (let depth = 0; depth < 2_000; depth++) ebml = element(0x18538067, [ebml]);
    const siblings = u8(
      mp4().subarray(0, 32),
      ...Array.from({ length: 100_000 }, () => box("free")),
      mp4().subarray(32),
    );
    const started = performance.now();
    expect(read(u8(mp4().subarray(0, 32), nested)).seconds).toBeNull();
    expect(read(u8(webm().subarray(0, 40), ebml)).seconds).toBeNull();
    expect(read(siblings).seconds).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
