import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { startExport } from "../../lib/complaints/export/export-complaints";
import {
  csvStream,
  exportColumns,
  neutraliseFormula,
  xlsxStream,
  type ExportLabels,
} from "../../lib/complaints/export/export-formats";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

const labels: ExportLabels = {
  header: (k) => k,
  tier: (c) => c,
  category: (c) => c,
  status: (c) => c,
  priority: (c) => c,
  group: (c) => c,
};
const EVIL = '=HYPERLINK("http://evil","x")';
const DESCRIPTION_COLUMN = 12; // exceljs counts from 1; the description is the 12th column.
let admin: StaffActor;

beforeAll(async () => {
  await resetData();
  admin = await createStaff({ role: "admin" });
  await fileTestComplaint({ description: EVIL });
  await fileTestComplaint({ description: "\t+86 的电话打不通" });
});

async function exportAs(format: "csv" | "xlsx") {
  const { rows } = await startExport({
    db: testDb,
    actor: admin,
    filter: parseQueueFilter({}),
    format,
    keyring: testKeyring(),
  });
  return format === "xlsx"
    ? xlsxStream(rows, exportColumns(labels), "complaints")
    : csvStream(rows, exportColumns(labels));
}

describe("formula guard of the exports", () => {
  it("XLSX: a description written as a formula comes back as text with the CSV's apostrophe, never a formula", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await new Response(await exportAs("xlsx")).arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const cells = [2, 3].map((row) => sheet.getRow(row).getCell(DESCRIPTION_COLUMN));
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(cells.map((cell) => cell.value).sort()).toEqual(["'\t+86 的电话打不通", `'${EVIL}`].sort());
    // Numbers stay numbers (the guard is for text only).
    expect(sheet.getRow(2).getCell(17).type).toBe(ExcelJS.ValueType.Number);
  });

  it("CSV and XLSX neutralise the same cells the same way", async () => {
    const csv = await new Response(await exportAs("csv")).text();
    expect(csv).toContain(`"'${EVIL.replace(/"/g, '""')}"`);
    for (const text of [EVIL, "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ["芒果烂了", "1+1", " =1", ""]) expect(neutraliseFormula(text)).toBe(text);
  });
});
