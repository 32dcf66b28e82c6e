import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
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

/** CSV (UTF-8 with a BOM so spreadsheet apps read the Chinese right), streamed row by row. */
export function csvStream(rows: AsyncIterable<ExportRow>, columns: ExportColumn[]): ReadableStream<Uint8Array> {
  async function* lines() {
    yield `\uFEFF${columns.map((c) => csvCell(c.header)).join(",")}\r\n`;
    let chunk = "";
    for await (const row of rows) {
      chunk += `${columns.map((c) => csvCell(c.value(row))).join(",")}\r\n`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk) yield chunk;
  }
  return Readable.toWeb(Readable.from(lines(), { objectMode: false })) as ReadableStream<Uint8Array>;
}

/** XLSX through exceljs's streaming writer: rows are committed as they come, never held. */
export function xlsxStream(
  rows: AsyncIterable<ExportRow>,
  columns: ExportColumn[],
  sheetName: string,
): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  void (async () => {
    try {
      sheet.addRow(columns.map((c) => xlsxCell(c.header))).commit();
      for await (const row of rows) {
        sheet.addRow(columns.map((c) => xlsxCell(c.value(row)))).commit();
        // Wait for the reader when it falls behind, so a slow download does not pile rows up in memory.
        if (out.writableNeedDrain) await once(out, "drain");
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
