import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import type { ExportRow } from "../../lib/complaints/export/export-complaints";
import { csvStream, exportColumns, xlsxStream, type ExportLabels } from "../../lib/complaints/export/export-formats";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import { benchExport, exposedGc } from "../../tools/bench/export-bench";
import { bulkSeed } from "../../tools/demo/bulk-seed";
import { testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

const label = (code: string) => code;
const labels: ExportLabels = {
  header: label,
  tier: label,
  category: label,
  status: label,
  priority: label,
  group: label,
};
const columns = exportColumns(labels);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rows made up on the spot, as fast as asked for; counts what was taken and whether it was ended. */
function madeUpRows(total: number) {
  const state = { taken: 0, ended: false };
  async function* rows(): AsyncGenerator<ExportRow> {
    try {
      for (let i = 0; i < total; i += 1) {
        state.taken += 1;
        yield {
          id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
          orderNo: `SO${1_000_000 + i}`,
          customerName: "王小明",
          tier: "normal",
          region: "上海",
          category: "product.quality",
          status: "new",
          priority: "normal",
          groupCode: "quality",
          assigneeName: null,
          // Varied text, so the zip has real work to do.
          description: `收到的芒果烂了好几个，还有股酸味，第 ${i} 单 ${(i * 2_654_435_761).toString(36)}`,
          contact: `139${String(10_000_000 + i).slice(-8)}`,
          firstRespondedAt: null,
          resolvedAt: null,
          closedAt: null,
          slaBreachCount: i % 3,
          csat: (i % 5) + 1,
          nps: i % 11,
        };
      }
    } finally {
      state.ended = true;
    }
  }
  return { rows: rows(), state };
}

let admin: StaffActor;

beforeAll(async () => {
  await resetData();
  admin = await createStaff({ role: "admin" });
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await bulkSeed({ client, keyring: testKeyring(), complaints: 12_000, months: 12, seed: 14 });
  } finally {
    await client.end();
  }
}, 60_000);

describe("exports in flat memory", () => {
  it("a CSV export of 4–5× the rows holds no more heap (measured as npm run bench does, with forced GCs)", async () => {
    const measure = (params: Record<string, string>) =>
      benchExport({
        db: testDb,
        actor: admin,
        keyring: testKeyring(),
        filter: parseQueueFilter(params),
        sampleEveryBytes: 128 * 1024,
      });
    const small = await measure({ region: "上海" });
    const large = await measure({});
    expect(large.rows).toBe(12_000);
    expect(small.rows * 4).toBeLessThan(large.rows);
    expect(large.samples).toBeGreaterThan(15);
    // Rows held anywhere would cost ~2 kB each: ~18 MB more for the larger export.
    expect(large.heapGrowthMb).toBeLessThan(small.heapGrowthMb + 6);
    expect(large.heapGrowthMb).toBeLessThan(30);
    expect(large.externalGrowthMb).toBeLessThan(10);
  });

  it("CSV: a reader that stops stops the reading; one that cancels ends it", async () => {
    const { rows, state } = madeUpRows(1_000_000);
    const reader = csvStream(rows, columns).getReader();
    await reader.read();
    await sleep(200);
    // The chunk read and at most one queued behind it (≈ 150 rows each).
    expect(state.taken).toBeLessThan(1_000);
    await reader.cancel();
    expect(state.ended).toBe(true);
  });

  it("XLSX: a reader that stops stops the reading, through the zip; one that cancels ends it", async () => {
    const { rows, state } = madeUpRows(1_000_000);
    const reader = xlsxStream(rows, columns, "complaints").getReader();
    await reader.read();
    // The zip's buffers fill (deflating is asynchronous), then everything waits.
    let taken = -1;
    for (let i = 0; i < 20 && state.taken !== taken; i += 1) {
      taken = state.taken;
      await sleep(250);
    }
    expect(state.taken).toBe(taken);
    // ≈ 6 000 rows fill the zip's buffers (64 kB each, compressed); archiver's default (1 MB) held ~30 000.
    expect(taken).toBeLessThan(10_000);
    await reader.cancel();
    await sleep(50);
    expect(state.ended).toBe(true);
  });

  it("a read that fails mid-way fails the download (both formats), nothing else", async () => {
    async function* failing(): AsyncGenerator<ExportRow> {
      yield* madeUpRows(3_000).rows;
      throw new Error("connection lost");
    }
    for (const stream of [csvStream(failing(), columns), xlsxStream(failing(), columns, "complaints")])
      await expect(new Response(stream).arrayBuffer()).rejects.toThrow("connection lost");
  });

  it("XLSX: rows faster than the zip wait for it instead of piling up in front of it", async () => {
    const gc = exposedGc();
    const outside = () => {
      const m = process.memoryUsage();
      return m.external + m.arrayBuffers;
    };
    const { rows, state } = madeUpRows(12_000);
    gc();
    const before = outside();
    let held = 0;
    let chunks = 0;
    const reader = xlsxStream(rows, columns, "complaints").getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      chunks += 1;
      if (chunks % 25 === 0) {
        gc();
        held = Math.max(held, outside() - before);
      }
    }
    expect(state.taken).toBe(12_000);
    // ≈ 12 MB of sheet XML went through; exceljs's own part buffer held a good part of it.
    expect(held / 1e6).toBeLessThan(5);
  }, 30_000);
});
