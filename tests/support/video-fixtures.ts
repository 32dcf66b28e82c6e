/**
 * Tiny MP4 and WebM files built byte by byte (there is no ffmpeg on these machines): the
 * containers' real structure — what lib/storage/video-rules.ts reads — around no real picture.
 * Written from ISO/IEC 14496-12 and the Matroska/EBML specifications, not from the reader.
 */

const ascii = (text: string) => [...Buffer.from(text, "latin1")];
const u32 = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const u64 = (value: number) => [...u32(Math.floor(value / 0x1_0000_0000)), ...u32(value >>> 0)];
function concat(parts: (number[] | Uint8Array)[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---------------------------------------------------------------- MP4

/** An ISO BMFF box: 32-bit size, type, payload (`largeSize`: size 1 and the 64-bit size after the type). */
export function box(type: string, payload: (number[] | Uint8Array)[] = [], { largeSize = false } = {}): Uint8Array {
  const body = concat(payload);
  if (largeSize) return concat([u32(1), ascii(type), u64(body.length + 16), body]);
  return concat([u32(body.length + 8), ascii(type), body]);
}

function mvhd({ version, timescale, duration }: { version: 0 | 1; timescale: number; duration: number }) {
  const times = version === 1 ? [...u64(0), ...u64(0), ...u32(timescale), ...u64(duration)] : [0, 0, 0, 0, 0, 0, 0, 0];
  const v0 = version === 0 ? [...u32(timescale), ...u32(duration)] : [];
  // rate 1.0, volume 1.0, reserved, the identity matrix, pre_defined, next_track_ID
  const rest = [
    ...u32(0x00010000),
    0x01,
    0x00,
    ...new Array(10).fill(0),
    ...[0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].flatMap(u32),
    ...new Array(24).fill(0),
    ...u32(2),
  ];
  return box("mvhd", [[version, 0, 0, 0], times, v0, rest]);
}

const hdlr = (handler: string) =>
  box("hdlr", [[0, 0, 0, 0], u32(0), ascii(handler), new Array(12).fill(0), ascii("VideoHandler\0")]);

export type Mp4Options = {
  seconds?: number;
  timescale?: number;
  /** mvhd's version: 32-bit (0) or 64-bit (1) times and duration. */
  version?: 0 | 1;
  brands?: [major: string, ...compatible: string[]];
  /** The track's handler: `vide` for video, `soun` for an audio-only file. */
  handler?: string;
  /** A fragmented MP4: mvhd's duration 0, the length in mvex → mehd. */
  fragmented?: boolean;
  /** moov after mdat, as many cameras write it. */
  moovLast?: boolean;
  /** The whole file's size in bytes (the mdat box grows to it). */
  size?: number;
};

export function mp4({
  seconds = 5,
  timescale = 600,
  version = 0,
  brands = ["isom", "isom", "iso2", "avc1", "mp41"],
  handler = "vide",
  fragmented = false,
  moovLast = false,
  size,
}: Mp4Options = {}): Uint8Array {
  const [major, ...compatible] = brands;
  const ftyp = box("ftyp", [ascii(major), u32(0x200), ...compatible.map(ascii)]);
  const duration = Math.round(seconds * timescale);
  const trak = box("trak", [
    box("tkhd", [[0, 0, 0, 3], new Array(80).fill(0)]),
    box("mdia", [
      box("mdhd", [[0, 0, 0, 0], u32(0), u32(0), u32(timescale), u32(duration), [0x55, 0xc4, 0, 0]]),
      hdlr(handler),
      box("minf", [box("vmhd", [[0, 0, 0, 1], new Array(8).fill(0)])]),
    ]),
  ]);
  const moov = box("moov", [
    mvhd({ version, timescale, duration: fragmented ? 0 : duration }),
    trak,
    ...(fragmented
      ? [box("mvex", [box("mehd", [[0, 0, 0, 0], u32(duration)]), box("trex", [new Array(24).fill(0)])])]
      : []),
  ]);
  const used = ftyp.length + moov.length + 8;
  const mdat = box("mdat", [new Uint8Array(Math.max(0, (size ?? used + 16) - used))]);
  return concat(moovLast ? [ftyp, mdat, moov] : [ftyp, moov, mdat]);
}

// ---------------------------------------------------------------- WebM

const idBytes = (id: number) => {
  const bytes = u32(id);
  return bytes.slice(bytes.findIndex((byte) => byte !== 0));
};

/** An EBML size: the shortest length whose all-ones value (which means "unknown") it is not. */
function sizeBytes(size: number): number[] {
  for (let length = 1; length <= 8; length++) {
    if (size < 2 ** (7 * length) - 1) {
      const bytes: number[] = [];
      let rest = size;
      for (let i = 0; i < length; i++) {
        bytes.unshift(rest % 256);
        rest = Math.floor(rest / 256);
      }
      bytes[0]! |= 0x80 >> (length - 1);
      return bytes;
    }
  }
  throw new Error("size too large for EBML");
}

/** An EBML element; `unknownSize` writes the one-byte "size unknown" (0xFF) of a live-written file. */
export function element(id: number, payload: (number[] | Uint8Array)[] = [], { unknownSize = false } = {}) {
  const body = concat(payload);
  return concat([idBytes(id), unknownSize ? [0xff] : sizeBytes(body.length), body]);
}

const uint = (id: number, value: number) => {
  const bytes = u64(value);
  const from = bytes.findIndex((byte) => byte !== 0);
  return element(id, [from === -1 ? [0] : bytes.slice(from)]);
};
const float64 = (id: number, value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return element(id, [bytes]);
};
const float32 = (id: number, value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeFloatBE(value);
  return element(id, [bytes]);
};
const text = (id: number, value: string) => element(id, [ascii(value)]);

export type WebmOptions = {
  seconds?: number;
  docType?: string;
  /** Info's TimecodeScale in ns; undefined leaves it out (its default: 1 000 000, a millisecond). */
  timecodeScale?: number;
  /** Duration as a 4- or 8-byte float; null leaves it out (as MediaRecorder's files do). */
  durationBytes?: 4 | 8 | null;
  /** TrackType of the one track: 1 video, 2 audio. */
  trackType?: number;
  /** The Segment's size left unknown, as a live-written file has it. */
  unknownSegmentSize?: boolean;
  /** The whole file's size in bytes (a Void element grows to it). */
  size?: number;
};

export function webm({
  seconds = 5,
  docType = "webm",
  timecodeScale,
  durationBytes = 8,
  trackType = 1,
  unknownSegmentSize = false,
  size,
}: WebmOptions = {}): Uint8Array {
  const header = element(0x1a45dfa3, [
    uint(0x4286, 1),
    uint(0x42f7, 1),
    uint(0x42f2, 4),
    uint(0x42f3, 8),
    text(0x4282, docType),
    uint(0x4287, 4),
    uint(0x4285, 2),
  ]);
  const units = (seconds * 1e9) / (timecodeScale ?? 1_000_000);
  const info = element(0x1549a966, [
    ...(timecodeScale === undefined ? [] : [uint(0x2ad7b1, timecodeScale)]),
    text(0x4d80, "kesu-tests"),
    text(0x5741, "kesu-tests"),
    ...(durationBytes === 8 ? [float64(0x4489, units)] : durationBytes === 4 ? [float32(0x4489, units)] : []),
  ]);
  const tracks = element(0x1654ae6b, [
    element(0xae, [
      uint(0xd7, 1),
      uint(0x73c5, 1),
      uint(0x83, trackType),
      text(0x86, trackType === 1 ? "V_VP8" : "A_OPUS"),
      ...(trackType === 1 ? [element(0xe0, [uint(0xb0, 16), uint(0xba, 16)])] : []),
    ]),
  ]);
  // One cluster at time 0 with one key frame's worth of (meaningless) bytes.
  const cluster = element(0x1f43b675, [uint(0xe7, 0), element(0xa3, [[0x81, 0, 0, 0x80], new Array(16).fill(0)])]);
  const body = [info, tracks, cluster];
  // The Segment's header is its 4-byte id and (known size) an 8-byte size, so the padding is exact.
  const used = header.length + 4 + (unknownSegmentSize ? 1 : 8) + body.reduce((sum, part) => sum + part.length, 0);
  if (size !== undefined && size - used >= 9) {
    const padding = new Uint8Array(size - used - 9);
    body.push(concat([[0xec], [0x01, ...u64(padding.length).slice(1)], padding]));
  }
  const content = concat(body);
  const segmentSize = unknownSegmentSize ? [0xff] : [0x01, ...u64(content.length).slice(1)];
  return concat([header, idBytes(0x18538067), segmentSize, content]);
}
