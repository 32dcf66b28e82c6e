/**
 * The one byte range a GET asks for (RFC 9110 §14.1.2), for files served with
 * `Accept-Ranges: bytes` — a `<video>` seeks with such requests (Chromium asks `bytes=0-` first,
 * then the part it seeks to). Answers the inclusive [start, end] to send with 206, "unsatisfiable"
 * for 416, or null to send the whole file with 200: no Range, another unit, a malformed or
 * multi-range header (which a server may ignore), or an If-Range (we keep no validator to match).
 */
export function byteRange({
  range,
  ifRange,
  size,
}: {
  range: string | null;
  ifRange?: string | null;
  size: number;
}): { start: number; end: number } | "unsatisfiable" | null {
  if (!range || ifRange) return null;
  const match = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i.exec(range);
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? Infinity : Number(last);
  if (end < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}
