import { once } from "node:events";
import { PassThrough, Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { ExportRow } from "./export-complaints";

export type ExportColumn = { header: string; value: (row: ExportRow) => string | number | null };

const COLUMN_KEYS = [
  "id",
  "createdAt",
  "orderNo",
  "customer",
  "tier",
  "region",
  "category",
  "status",
  "priority",
  "group",
  "assignee",
  "description",
  "contact",
  "firstRespondedAt",
  "resolvedAt",
  "closedAt",
  "slaBreaches",
  "csat",
  "nps",
] as const;
type ColumnKey = (typeof COLUMN_KEYS)[number];

/** How codes read in the user's language: headers, and the coded values (tier, category, …). */
export type ExportLabels = {
  header: (key: ColumnKey) => string;
  tier: (code: string) => string;
  category: (code: string) => string;
  status: (code: string) => string;
  priority: (code: string) => string;
  group: (code: string) => string;
};

/** The columns of an export, headers and coded values translated; times as ISO 8601 (UTC). */
export function exportColumns(labels: ExportLabels): ExportColumn[] {
  const time = (d: Date | null) => (d ? d.toISOString() : null);
  const values: Record<ColumnKey, ExportColumn["value"]> = {
    id: (r) => r.id,
    createdAt: (r) => time(r.createdAt),
    orderNo: (r) => r.orderNo,
    customer: (r) => r.customerName,
    tier: (r) => labels.tier(r.tier),
    region: (r) => r.region,
    category: (r) => labels.category(r.category),
    status: (r) => labels.status(r.status),
    priority: (r) => labels.priority(r.priority),
    group: (r) => labels.group(r.groupCode),
    assignee: (r) => r.assigneeName,
    description: (r) => r.description,
    contact: (r) => r.contact,
    firstRespondedAt: (r) => time(r.firstRespondedAt),
    resolvedAt: (r) => time(r.resolvedAt),
    closedAt: (r) => time(r.closedAt),
    slaBreaches: (r) => r.slaBreachCount,
    csat: (r) => r.csat,
    nps: (r) => r.nps,
  };
  return COLUMN_KEYS.map((key) => ({ header: labels.header(key), value: values[key] }));
}

/**
 * Text a spreadsheet app would run as a formula (a leading = + - @, or a tab/CR before one) gets
 * a leading apostrophe, so it reads as text — customers write the descriptions (OWASP "CSV
 * injection"). Used by both formats.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  // Quote what needs it, and what the formula guard changed.
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * exceljs writes strings as string cells, which no spreadsheet app runs on opening; but Excel
 * turns one into a live formula once someone edits it, and a copy saved as CSV loses the type.
 * Hence the same guard as the CSV. Numbers stay numeric cells.
 */
function xlsxCell(value: string | number | null): string | number | null {
  return typeof value === "string" ? neutraliseFormula(value) : value;
}

/**
 * Characters of CSV text per chunk handed to the response (32 k characters: 32–96 kB of UTF-8). One
 * chunk waits in the stream's queue at most; the next is made only when the reader asks for it.
 */
const CSV_CHUNK_CHARS = 32 * 1024;
/** Bytes of zipped XLSX queued for the reader, and of sheet XML queued for the zip, before the rows wait. */
const XLSX_BUFFER_BYTES = 64 * 1024;

/**
 * CSV (UTF-8 with a BOM so spreadsheet apps read the Chinese right), pulled: each chunk is read
 * from `rows`, encoded and handed over only when the reader asks for it, so a slow download stops
 * the database reading instead of piling rows up, and a cancelled one stops it for good.
 */
export function csvStream(rows: AsyncIterable<ExportRow>, columns: ExportColumn[]): ReadableStream<Uint8Array> {
  const iterator = rows[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let header = `\uFEFF${columns.map((c) => csvCell(c.header)).join(",")}\r\n`;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = header;
        header = "";
        while (text.length < CSV_CHUNK_CHARS) {
          const next = await iterator.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            return;
          }
          const row = next.value;
          text += `${columns.map((c) => csvCell(c.value(row))).join(",")}\r\n`;
        }
        controller.enqueue(encoder.encode(text));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );
}

/**
 * exceljs's streaming writer hands each part of the file to the zip through a buffer of its own
 * that ignores the zip's back-pressure, and says nothing to the caller (exceljs/exceljs#734): when
 * deflating or the download is slower than the rows come in, the sheet's XML piles up there
 * (measured: 20–50 MB per 100 000 rows). Here each part is a plain stream the zip pipes from, whose
 * fill level the row loop waits on.
 */
class PacedWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  readonly parts: PassThrough[] = [];

  /** Overrides exceljs 4's part opener (lib/stream/xlsx/workbook-writer.js), same contract. */
  _openStream(path: string) {
    const part = new ZipPart({ highWaterMark: XLSX_BUFFER_BYTES });
    (this as unknown as { zip: { append(source: PassThrough, data: { name: string }): void } }).zip.append(part, {
      name: path,
    });
    part.on("finish", () => part.emit("zipped"));
    this.parts.push(part);
    return part;
  }
}

/** A part of the zip. exceljs also writes its reusable StringBuf (reset right after): copied at once. */
class ZipPart extends PassThrough {
  write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const bytes =
      typeof chunk === "object" && chunk !== null && !(chunk instanceof Uint8Array) && "toBuffer" in chunk
        ? (chunk as { toBuffer(): Buffer }).toBuffer()
        : chunk;
    return super.write(bytes, encoding as BufferEncoding, callback as (error?: Error | null) => void);
  }
}

/**
 * XLSX through exceljs's streaming writer, pulled like the CSV: rows are committed as they come
 * and never held; the row loop waits whenever the zip falls behind, and the zip waits for the
 * reader, so memory stays flat whatever the size or the speed of the download.
 */
export function xlsxStream(
  rows: AsyncIterable<ExportRow>,
  columns: ExportColumn[],
  sheetName: string,
): ReadableStream<Uint8Array> {
  // Aborted when the reader cancels; `ended` also once the stream has failed: the zip may still
  // flush a few bytes then, which go nowhere (a closed controller would throw).
  const cancelled = new AbortController();
  let ended = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // The zip's write held back until the reader wants more.
  let held: (() => void) | undefined;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (ended) return callback();
      controller.enqueue(new Uint8Array(chunk));
      if ((controller.desiredSize ?? 0) > 0) callback();
      else held = callback;
    },
    final(callback) {
      if (!ended) controller.close();
      ended = true;
      callback();
    },
  });

  async function produce() {
    try {
      const workbook = new PacedWorkbookWriter({
        stream: sink,
        useStyles: false,
        useSharedStrings: false,
        // archiver queues 1 MB each side by default (≈ 7 MB of sheet XML); exceljs's types omit the option.
        zip: { highWaterMark: XLSX_BUFFER_BYTES } as Partial<ExcelJS.stream.xlsx.ArchiverZipOptions>,
      });
      const sheet = workbook.addWorksheet(sheetName);
      sheet.addRow(columns.map((c) => xlsxCell(c.header))).commit();
      for await (const row of rows) {
        if (ended) return;
        sheet.addRow(columns.map((c) => xlsxCell(c.value(row)))).commit();
        const full = workbook.parts.find((part) => part.writableNeedDrain);
        if (full) await once(full, "drain", { signal: cancelled.signal });
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      if (!ended) controller.error(error);
      ended = true;
    }
  }

  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (!started) {
          started = true;
          void produce();
        }
        const release = held;
        held = undefined;
        release?.();
      },
      cancel(reason) {
        // Ends the row loop (and with it the database reading) at its next wait or row.
        ended = true;
        cancelled.abort(reason);
        held?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: XLSX_BUFFER_BYTES }),
  );
}
