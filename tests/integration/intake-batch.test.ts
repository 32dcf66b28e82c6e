import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metrics } from "../../lib/metrics/registry";
import { histogramTotals } from "../support/metrics";
import { resetData, testDb } from "../support/db-helpers";
import { JPEG, orderBody, shopApi } from "../support/shop-api";

/**
 * Group commit (lib/complaints/intake-batch.ts): complaints sent at once share statements, yet each
 * keeps its own answer. A photo claimed twice, a photo that does not exist and a key sent twice
 * sit among them; only the complaints at fault are refused, and nothing is written twice.
 */
beforeAll(async () => {
  await resetData();
  for (const orderNo of ["SO-B1", "SO-B2"])
    expect((await shopApi.putOrder(orderNo, orderBody({ amount: 88 }))).status).toBe(201);
});
afterAll(() => testDb.$disconnect());

async function batchSizes() {
  const { sum, count } = await histogramTotals(metrics().intakeBatch);
  return { complaints: sum, statements: count };
}

describe("complaints filed at the same moment", () => {
  it("are written together, each answered for itself: one photo claimed twice, a missing photo, a repeated key", async () => {
    const upload = await shopApi.postUpload(new Blob([JPEG], { type: "image/jpeg" }));
    const { id: photo } = await upload.json();
    const before = await batchSizes();
    const body = (n: number, images: string[] = []) => ({
      orderNo: n % 2 ? "SO-B1" : "SO-B2",
      category: "product.quality",
      description: `芒果烂了 ${n}`,
      images,
    });
    const sends = Array.from({ length: 40 }, (_, n) =>
      shopApi.postComplaint(
        body(n, n === 5 || n === 6 ? [photo] : n === 7 ? ["00000000-0000-4000-8000-00000000beef"] : []),
        { idempotencyKey: `batch-${n}` },
      ),
    );
    // The same request again while the first is in flight.
    sends.push(shopApi.postComplaint(body(10), { idempotencyKey: "batch-10" }));
    const answers = await Promise.all(
      sends.map(async (sent) => {
        const r = await sent;
        const { id, code } = (await r.json()) as { id?: string; code?: string };
        return { status: r.status, id, code };
      }),
    );
    const after = await batchSizes();
    // More complaints than statements: some were written together.
    expect(after.complaints - before.complaints).toBeGreaterThan(after.statements - before.statements);

    // One photo, two claims: one wins, the other is refused and writes nothing. (Its name depends on
    // timing: in_use when it saw the winner's commit; not_found when both statements ran at once and
    // its snapshot still showed the photo free — the same as two requests outside a batch.)
    const claimed = [answers[5]!, answers[6]!];
    const winner = claimed.find((a) => a.status === 201)!;
    const loser = claimed.find((a) => a !== winner)!;
    expect(winner).toBeDefined();
    expect([409, 404]).toContain(loser.status);
    expect(["upload_in_use", "upload_not_found"]).toContain(loser.code);
    expect(answers[7]).toMatchObject({ status: 404, code: "upload_not_found" });
    expect(answers[10]!.status).toBe(201);
    expect(answers[40]).toMatchObject({ status: 201, id: answers[10]!.id });
    const others = answers.filter((_, n) => ![5, 6, 7].includes(n));
    expect(others.every((a) => a.status === 201)).toBe(true);

    // 40 keys, one refused for a missing photo, one for a photo already taken: 38 complaints, each whole.
    const complaints = await testDb.complaint.findMany({
      where: { order: { orderNo: { in: ["SO-B1", "SO-B2"] } } },
      include: { events: true },
    });
    expect(complaints).toHaveLength(38);
    expect(complaints.every((c) => c.events.some((e) => e.kind === "submitted"))).toBe(true);
    expect(new Set(complaints.map((c) => c.id))).toEqual(
      new Set(answers.filter((a) => a.status === 201).map((a) => a.id)),
    );
    // Time-ordered ids (lib/uuid-v7.ts), each made within this test's run.
    expect(complaints.every((c) => c.id[14] === "7")).toBe(true);
    const idTimes = complaints.map((c) => parseInt(c.id.slice(0, 8) + c.id.slice(9, 13), 16));
    expect(Math.min(...idTimes)).toBeGreaterThan(Date.now() - 60_000);
    const created = await testDb.outboxEvent.count({
      where: { name: "kesu/complaint.created", aggregateId: { in: complaints.map((c) => c.id) } },
    });
    expect(created).toBe(38);
    const audits = await testDb.auditLog.count({
      where: { action: "complaint.created", targetId: { in: complaints.map((c) => c.id) } },
    });
    expect(audits).toBe(38);
    const stored = await testDb.upload.findUniqueOrThrow({ where: { id: photo } });
    expect(stored.complaintId).toBe(winner.id);
  });
});
