import ExcelJS from "exceljs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { startExport } from "../../lib/complaints/export/export-complaints";
import { csvStream, exportColumns, xlsxStream, type ExportLabels } from "../../lib/complaints/export/export-formats";
import type { Explained } from "../../lib/complaints/queue/explained";
import { listQueue, queueConditions } from "../../lib/complaints/queue/list-queue";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import { loadDashboard } from "../../lib/dashboard/dashboard-data";
import { parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { Prisma } from "../../lib/generated/prisma/client";
import { addDays, shanghaiDayStart, shanghaiToday } from "../../lib/shanghai-day";
import { bulkSeed } from "../../tools/demo/bulk-seed";
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
const NOW = new Date();
let admin: StaffActor, qa: StaffActor;

async function text(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

/** A tiny CSV reader for what csvStream writes (quoted cells may hold commas, quotes and newlines). */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  return rows;
}

async function queueTotal(params: Record<string, string>, actor: StaffActor) {
  let filter = parseQueueFilter(params);
  let rows = 0;
  for (;;) {
    const page = await listQueue({ db: testDb, actor, filter, pageSize: 500 });
    rows += page.rows.length;
    if (!page.nextCursor) return rows;
    filter = { ...filter, after: page.nextCursor };
  }
}

beforeAll(async () => {
  await resetData();
  admin = await createStaff({ role: "admin" });
  qa = await createStaff({ role: "qa" });
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const result = await bulkSeed({ client, keyring: testKeyring(), complaints: 10_020, months: 12, seed: 7 });
    expect(result.complaints).toBe(10_020);
  } finally {
    await client.end();
  }
  // One hand-made complaint whose text needs CSV quoting and starts like a formula.
  await fileTestComplaint({ description: '=HYPERLINK("x"), 芒果"烂了"\n第二行', phone: "13912345678" });
});

describe("bulk seed (10 000) and the dashboard on it", () => {
  it("spreads a year of complaints and its rollups equal a rebuild", async () => {
    const { filter } = parseDashboardFilter(
      { from: new Date(NOW.getTime() - 400 * 86_400_000).toISOString().slice(0, 10), grain: "month" },
      NOW,
    );
    const data = await loadDashboard({ db: testDb, actor: admin, filter });
    expect(data.totals.complaints).toBe(10_021);
    expect(data.series.length).toBeGreaterThanOrEqual(12);
    expect(data.categories.length).toBe(12);
    expect(data.regions.length).toBeGreaterThanOrEqual(8);
    expect(data.totals.csatCount).toBeGreaterThan(1000);
    // Summer (July) sees more spoiled fruit than winter (January).
    const quality = async (month: string) =>
      await queueTotal({ category: "product.quality", from: `${month}-01`, to: `${month}-28` }, admin);
    const year = NOW.getUTCMonth() >= 7 ? NOW.getUTCFullYear() : NOW.getUTCFullYear() - 1;
    expect(await quality(`${year}-07`)).toBeGreaterThan(
      await quality(`${NOW.getUTCMonth() >= 1 ? NOW.getUTCFullYear() : NOW.getUTCFullYear() - 1}-01`),
    );
    await testDb.$queryRaw`SELECT kesu_fold_rollups()`;
    const before = await testDb.$queryRaw<{ n: number }[]>`SELECT sum(complaints)::int AS n FROM complaint_stats_daily`;
    await testDb.$executeRaw`SELECT kesu_rebuild_rollups()`;
    expect(await testDb.$queryRaw`SELECT sum(complaints)::int AS n FROM complaint_stats_daily`).toEqual(before);
  });
});

describe("the breached drill-down on it", () => {
  it("lists exactly the breached complaints of the period, newest first, read from their own index", async () => {
    const from = addDays(shanghaiToday(NOW), -90);
    const filter = parseQueueFilter({ has: "breached", from });
    const listed: string[] = [];
    for (let page = filter; ;) {
      const found = await listQueue({ db: testDb, actor: admin, filter: page, now: NOW, pageSize: 100 });
      listed.push(...found.rows.map((r) => r.id));
      if (!found.nextCursor) break;
      page = { ...filter, after: found.nextCursor };
    }
    const expected = await testDb.$queryRaw<{ id: string }[]>`
      SELECT id FROM complaints WHERE sla_breach_count > 0 AND created_at >= ${shanghaiDayStart(from)}
      ORDER BY created_at DESC, id DESC`;
    expect(expected.length).toBeGreaterThan(50);
    expect(listed).toEqual(expected.map((r) => r.id));
    // The page the queue asks for, under its own conditions, first and after a cursor: walked
    // backwards along the partial index of breached complaints (migration 20261209100000), not
    // along every complaint's created_at, and not gathered and sorted.
    const where = queueConditions({ actor: admin, filter, now: NOW });
    const [last] = await testDb.$queryRaw<{ at: Date; id: string }[]>`
      SELECT created_at AS at, id FROM complaints WHERE id = ${listed[25]!}::uuid`;
    for (const keyset of [Prisma.sql`TRUE`, Prisma.sql`(c.created_at, c.id) < (${last!.at}, ${last!.id}::uuid)`]) {
      const [plan] = await testDb.$queryRaw<Explained>`EXPLAIN (FORMAT JSON)
        SELECT c.* FROM complaints c WHERE ${Prisma.join(where, " AND ")} AND ${keyset}
        ORDER BY c.created_at DESC, c.id DESC LIMIT 26`;
      const text = JSON.stringify(plan);
      expect(text).toContain('"Index Name":"complaints_breached_created_idx"');
      expect(text).toContain('"Scan Direction":"Backward"');
      expect(text).not.toContain("Sort");
    }
  });
});

describe("export", () => {
  it("CSV of a filter has exactly the queue's rows, translated headers, quoting, formula guard; contacts only for roles that may see them", async () => {
    const params = { category: "delivery.late", region: "上海" };
    const expected = await queueTotal(params, admin);
    expect(expected).toBeGreaterThan(50);
    const { count, rows } = await startExport({
      db: testDb,
      actor: admin,
      filter: parseQueueFilter(params),
      format: "csv",
      contactsReason: "配送事故回访",
      keyring: testKeyring(),
    });
    const bytes = new Uint8Array(await new Response(csvStream(rows, exportColumns(labels))).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheet apps need for UTF-8
    const csv = parseCsv(new TextDecoder().decode(bytes));
    expect(count).toBe(expected);
    expect(csv.length - 1).toBe(expected);
    expect(csv[0]![0]).toBe("id");
    expect(new Set(csv.slice(1).map((r) => r[0])).size).toBe(expected);
    expect(csv.slice(1).every((r) => r[6] === "delivery.late" && r[5] === "上海" && /^139\d{8}$/.test(r[12]!))).toBe(
      true,
    );

    const odd = await startExport({
      db: testDb,
      actor: qa,
      filter: parseQueueFilter({ q: "第二行" }),
      format: "csv",
      keyring: testKeyring(),
    });
    const [, line] = parseCsv(await text(csvStream(odd.rows, exportColumns(labels))));
    expect(line![11]).toBe('\'=HYPERLINK("x"), 芒果"烂了"\n第二行');
    expect(line![12]).toBe(""); // qa may not reveal contacts
    expect(await testDb.auditLog.count({ where: { action: { startsWith: "complaints.export" } } })).toBe(2);
    const withContacts = await testDb.auditLog.findFirstOrThrow({
      where: { action: "complaints.export_with_contacts" },
    });
    expect(withContacts.after).toMatchObject({
      format: "csv",
      rows: expected,
      filter: { category: "delivery.late", region: "上海" },
      contacts: true,
      reason: "配送事故回访",
    });
  });

  it("reveals contacts only with a stated reason, and only to roles that may reveal them", async () => {
    const params = { category: "delivery.late", region: "上海" };
    const plain = await startExport({
      db: testDb,
      actor: admin,
      filter: parseQueueFilter(params),
      format: "csv",
      keyring: testKeyring(),
    });
    const csv = parseCsv(await text(csvStream(plain.rows, exportColumns(labels))));
    expect(csv.slice(1).every((r) => r[12] === "")).toBe(true);
    const audit = await testDb.auditLog.findFirstOrThrow({
      where: { action: "complaints.export" },
      orderBy: { id: "desc" },
    });
    expect(audit.after).toMatchObject({
      rows: plain.count,
      filter: { category: "delivery.late", region: "上海" },
      contacts: false,
    });
    await expect(
      startExport({
        db: testDb,
        actor: qa,
        filter: parseQueueFilter({ q: "第二行" }),
        format: "csv",
        contactsReason: "我想看看",
        keyring: testKeyring(),
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("XLSX holds the same rows", async () => {
    const params = { category: "order.payment" };
    const { rows } = await startExport({
      db: testDb,
      actor: admin,
      filter: parseQueueFilter(params),
      format: "xlsx",
      keyring: testKeyring(),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await new Response(xlsxStream(rows, exportColumns(labels), "complaints")).arrayBuffer());
    expect(workbook.worksheets[0]!.actualRowCount - 1).toBe(await queueTotal(params, admin));
  });

  it("over the role's limit is refused before any row is read, and not audited", async () => {
    const audits = await testDb.auditLog.count();
    await expect(
      startExport({ db: testDb, actor: qa, filter: parseQueueFilter({}), format: "csv", keyring: testKeyring() }),
    ).rejects.toMatchObject({ code: "export_too_large", params: { max: 10_000 } });
    expect(await testDb.auditLog.count()).toBe(audits);
  });
});
