/**
 * Video rules: a short clip of the produce besides the photos (issue 15 point 1), shared like the
 * photo rules (image-rules.ts) by the server, which decides, and the H5 picker, which checks
 * before sending up to 20 MB over a phone's connection. Pure code over the bytes, no Node API.
 *
 * A video is what its bytes are, never the type the browser claimed: an MP4 (ISO base media file
 * with an MP4-family brand in its leading `ftyp` box — QuickTime's `qt  ` alone is not one, as
 * Chromium does not promise to play it) or a WebM (an EBML header whose DocType is `webm`), with a
 * video track and a duration its container states. The duration is what the container says
 * (MP4: moov → mvhd, else the fragments' mvex → mehd; WebM: Segment → Info → Duration ×
 * TimecodeScale): a crafted file can understate it, which is why MAX_VIDEO_BYTES is the hard bound
 * and the length a rule for honest phones.
 *
 * The readers never throw and never recurse: every box or element is checked against its
 * parent's end before it is read, the depth is fixed by the paths above, and each level reads at
 * most MAX_ENTRIES entries, so hostile bytes (truncated boxes, 64-bit or zero sizes, sizes past
 * the end, endless siblings) cost at most a walk over the bytes and answer "unreadable".
 */
export const MAX_VIDEOS = 1;
export const MAX_VIDEO_BYTES = 20 * 1024 * 1024;
export const MAX_VIDEO_SECONDS = 30;
export const VIDEO_TYPES = ["video/mp4", "video/webm"] as const;
export type VideoType = (typeof VIDEO_TYPES)[number];
export const VIDEO_EXTENSION: Record<VideoType, string> = { "video/mp4": "mp4", "video/webm": "webm" };

export const isVideoType = (type: string): type is VideoType => (VIDEO_TYPES as readonly string[]).includes(type);

/** Over the limit as people count seconds: a clip the phone calls "0:30" (30.4 s) passes. */
export const exceedsVideoLength = (seconds: number) => Math.round(seconds) > MAX_VIDEO_SECONDS;

// More boxes or elements side by side than any phone's file has: past it the file is unreadable.
const MAX_ENTRIES = 4096;

const MP4_BRANDS = new Set([
  "isom",
  "iso2",
  "iso3",
  "iso4",
  "iso5",
  "iso6",
  "iso7",
  "iso8",
  "iso9",
  "mp41",
  "mp42",
  "avc1",
  "M4V ",
  "dash",
]);

const latin1 = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The container the bytes are, from their first bytes; whether it is a usable video is `videoSeconds`'s answer. */
export function detectVideoType(bytes: Uint8Array): VideoType | null {
  if (mp4Brands(bytes)?.some((brand) => MP4_BRANDS.has(brand))) return "video/mp4";
  if (ebmlDocType(bytes) === "webm") return "video/webm";
  return null;
}

/**
 * The video's length in seconds as its container states it, or null when it cannot be read: no
 * video track, no duration, zero, not finite, or any structure on the way malformed or cut short.
 */
export function videoSeconds(bytes: Uint8Array, type: VideoType): number | null {
  const seconds = type === "video/mp4" ? mp4Seconds(bytes) : webmSeconds(bytes);
  return seconds !== null && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

// ---------------------------------------------------------------- MP4 (ISO/IEC 14496-12)

type Span = { type: string; start: number; end: number };

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** An unsigned 64-bit big-endian integer; past 2^53 it is no size or duration a real file has. */
function uint64(data: DataView, at: number): number | null {
  const high = data.getUint32(at);
  if (high >= 0x200000) return null;
  return high * 0x1_0000_0000 + data.getUint32(at + 4);
}

/** The boxes side by side in [from, to): stops at the first that does not fit. */
function boxes(bytes: Uint8Array, from: number, to: number): Span[] {
  const data = view(bytes);
  const found: Span[] = [];
  let at = from;
  while (at + 8 <= to && found.length < MAX_ENTRIES) {
    const size32 = data.getUint32(at);
    const type = latin1(bytes, at + 4, at + 8);
    let header = 8;
    let size: number | null = size32;
    if (size32 === 1) {
      if (at + 16 > to) break;
      header = 16;
      size = uint64(data, at + 8);
    } else if (size32 === 0) size = to - at; // the last box: up to its parent's end
    if (size === null || size < header || at + size > to) break;
    found.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return found;
}

const child = (bytes: Uint8Array, parent: Span | undefined, type: string) =>
  parent ? boxes(bytes, parent.start, parent.end).find((box) => box.type === type) : undefined;

function mp4Brands(bytes: Uint8Array): string[] | null {
  if (bytes.length < 16) return null;
  const [ftyp] = boxes(bytes, 0, Math.min(bytes.length, 4096));
  if (ftyp?.type !== "ftyp" || ftyp.end - ftyp.start < 8) return null;
  const brands = [latin1(bytes, ftyp.start, ftyp.start + 4)];
  for (let at = ftyp.start + 8; at + 4 <= ftyp.end; at += 4) brands.push(latin1(bytes, at, at + 4));
  return brands;
}

/** A full box starts with its version (then 3 bytes of flags), which sets the width of its fields. */
function fullBoxVersion(bytes: Uint8Array, box: Span): number | null {
  return box.end > box.start ? bytes[box.start]! : null;
}

function mp4Seconds(bytes: Uint8Array): number | null {
  const data = view(bytes);
  const moov = boxes(bytes, 0, bytes.length).find((box) => box.type === "moov");
  if (!moov) return null;
  const inMoov = boxes(bytes, moov.start, moov.end);
  const hasVideo = inMoov.some(
    (trak) => trak.type === "trak" && handlerType(bytes, child(bytes, child(bytes, trak, "mdia"), "hdlr")) === "vide",
  );
  const mvhd = inMoov.find((box) => box.type === "mvhd");
  if (!hasVideo || !mvhd) return null;
  // mvhd: version, flags(3), then creation and modification times, timescale and duration —
  // 32-bit in version 0, 64-bit (but a 32-bit timescale) in version 1.
  const version = fullBoxVersion(bytes, mvhd);
  let timescale: number;
  let duration: number | null;
  if (version === 0 && mvhd.end - mvhd.start >= 20) {
    timescale = data.getUint32(mvhd.start + 12);
    const raw = data.getUint32(mvhd.start + 16);
    duration = raw === 0xffffffff ? null : raw;
  } else if (version === 1 && mvhd.end - mvhd.start >= 32) {
    timescale = data.getUint32(mvhd.start + 20);
    duration = uint64(data, mvhd.start + 24);
  } else return null;
  if (timescale === 0 || duration === null) return null;
  // A fragmented MP4 (what some phones and MediaRecorder write) leaves mvhd's duration 0 and
  // states the whole in mvex → mehd, in the same timescale.
  if (duration === 0) duration = fragmentDuration(bytes, child(bytes, moov, "mvex"));
  return duration === null ? null : duration / timescale;
}

function fragmentDuration(bytes: Uint8Array, mvex: Span | undefined): number | null {
  const mehd = child(bytes, mvex, "mehd");
  if (!mehd) return null;
  const data = view(bytes);
  const version = fullBoxVersion(bytes, mehd);
  if (version === 0 && mehd.end - mehd.start >= 8) return data.getUint32(mehd.start + 4);
  if (version === 1 && mehd.end - mehd.start >= 12) return uint64(data, mehd.start + 4);
  return null;
}

/** hdlr: version and flags, pre_defined, then the handler type (`vide` for a video track). */
function handlerType(bytes: Uint8Array, hdlr: Span | undefined): string | null {
  return hdlr && hdlr.end - hdlr.start >= 12 ? latin1(bytes, hdlr.start + 8, hdlr.start + 12) : null;
}

// ---------------------------------------------------------------- WebM (Matroska's EBML subset)

const EBML = 0x1a45dfa3;
const DOC_TYPE = 0x4282;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const TRACK_TYPE = 0x83;
const VIDEO_TRACK = 1;

type Element = { id: number; start: number; end: number };

/** An EBML variable-length integer at `at`: its length from the leading zeros of its first byte. */
function vint(bytes: Uint8Array, at: number, to: number, { marker }: { marker: boolean }) {
  const first = bytes[at];
  if (first === undefined || first === 0 || at >= to) return null;
  const length = Math.clz32(first) - 23;
  if (at + length > to) return null;
  const mask = 0xff >> length;
  let value = marker ? first : first & mask;
  let allOnes = (first & mask) === mask;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i]!;
    allOnes &&= bytes[at + i] === 0xff;
  }
  return { value, length, unknown: allOnes };
}

/**
 * The elements side by side in [from, to). An element of unknown size (a live-written Segment)
 * runs to its parent's end; one that claims more than its parent holds ends the list, except
 * the Segment, whose stated size is cut to the bytes there are (the header this reads is at its start).
 */
function elements(bytes: Uint8Array, from: number, to: number): Element[] {
  const found: Element[] = [];
  let at = from;
  while (at < to && found.length < MAX_ENTRIES) {
    const id = vint(bytes, at, to, { marker: true });
    if (!id || id.length > 4) break;
    const size = vint(bytes, at + id.length, to, { marker: false });
    if (!size) break;
    const start = at + id.length + size.length;
    let end = size.unknown ? to : start + size.value;
    if (end > to) {
      if (id.value !== SEGMENT) break;
      end = to;
    }
    found.push({ id: id.value, start, end });
    at = end;
  }
  return found;
}

const inside = (bytes: Uint8Array, parent: Element | undefined) =>
  parent ? elements(bytes, parent.start, parent.end) : [];

function ebmlDocType(bytes: Uint8Array): string | null {
  const [header] = elements(bytes, 0, Math.min(bytes.length, 4096));
  if (header?.id !== EBML) return null;
  const docType = inside(bytes, header).find((element) => element.id === DOC_TYPE);
  // A string element may be padded with NULs.
  return docType ? latin1(bytes, docType.start, docType.end).replace(/\0+$/, "") : null;
}

function unsigned(bytes: Uint8Array, element: Element): number | null {
  const length = element.end - element.start;
  if (length < 1 || length > 8) return null;
  let value = 0;
  for (let at = element.start; at < element.end; at++) value = value * 256 + bytes[at]!;
  return value;
}

function float(bytes: Uint8Array, element: Element): number | null {
  const data = view(bytes);
  if (element.end - element.start === 4) return data.getFloat32(element.start);
  if (element.end - element.start === 8) return data.getFloat64(element.start);
  return null;
}

function webmSeconds(bytes: Uint8Array): number | null {
  const segment = elements(bytes, 0, bytes.length).find((element) => element.id === SEGMENT);
  const level1 = inside(bytes, segment);
  const info = inside(
    bytes,
    level1.find((element) => element.id === INFO),
  );
  const hasVideo = inside(
    bytes,
    level1.find((element) => element.id === TRACKS),
  ).some(
    (entry) =>
      entry.id === TRACK_ENTRY &&
      inside(bytes, entry).some((field) => field.id === TRACK_TYPE && unsigned(bytes, field) === VIDEO_TRACK),
  );
  const durationElement = info.find((element) => element.id === DURATION);
  if (!hasVideo || !durationElement) return null;
  const scaleElement = info.find((element) => element.id === TIMECODE_SCALE);
  // Duration counts TimecodeScale nanoseconds (1 ms unless the file says otherwise).
  const scale = scaleElement ? unsigned(bytes, scaleElement) : 1_000_000;
  const duration = float(bytes, durationElement);
  if (!scale || duration === null) return null;
  return (duration * scale) / 1e9;
}
