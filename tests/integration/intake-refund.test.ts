import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createComplaint } from "../../lib/complaints/create-complaint";
import type { Category } from "../../lib/complaints/vocabulary/taxonomy";
import { metrics } from "../../lib/metrics/registry";
import { upsertOrderSchema } from "../../lib/orders/order-schemas";
import { upsertOrder } from "../../lib/orders/upsert-order";
import { testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";

/**
 * Issue 14, point 1: a complaint a rule refunds is filed in one statement that checks the order's
 * ledger under its lock (lib/complaints/intake-refund.ts). When the ledger moved since the read,
 * the refund is decided again in a transaction. Both must leave the same rows, and money never
 * goes out twice or beyond the order.
 */
afterAll(() => testDb.$disconnect());
beforeEach(() => resetData());

const keyring = testKeyring();
let sequence = 0;

async function newOrder({
  amount = "30.00",
  status = "delivered",
}: { amount?: string; status?: "shipped" | "delivered" } = {}) {
  sequence += 1;
  const orderNo = `R${Date.now().toString(36)}${sequence}`;
  const input = upsertOrderSchema.parse({
    customer: { externalId: `CU-${orderNo}`, name: "客户", phone: "13900000001", tier: "normal", region: "上海" },
    items: [{ sku: "FR-MANGO-1KG", name: "海南贵妃芒 1kg", quantity: 1, unitPrice: amount }],
    amount,
    status,
    placedAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  await upsertOrder({ db: testDb, orderNo, input, keyring });
  return testDb.order.findUniqueOrThrow({ where: { orderNo }, select: { id: true, orderNo: true, customerId: true } });
}

const fileOn = ({
  orderNo,
  category = "product.out_of_stock",
  description = "缺货了，下单的芒果没有货",
  ...rest
}: { orderNo: string; category?: Category; description?: string } & Pick<
  Parameters<typeof createComplaint>[0],
  "now" | "shopRefunds" | "idempotency"
>) =>
  createComplaint({
    db: testDb,
    actor: { type: "shop" },
    input: { orderNo, category, description, imageIds: [] },
    source: "api",
    keyring,
    ...rest,
  });
const outOfStock = fileOn;
/** A complaint no rule refunds, to hang a staff refund on. */
const qualityComplaint = (orderNo: string) => fileOn({ orderNo, category: "product.quality", description: "芒果烂了" });

const refundedFen = async (orderId: string) => {
  const rows = await testDb.compensation.findMany({ where: { orderId, type: "refund" }, select: { amount: true } });
  return rows.reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0);
};

const ledgerCount = async (ledger: "unchanged" | "moved") =>
  (await metrics().autoRefundLedger.get()).values.find((v) => v.labels.ledger === ledger)?.value ?? 0;

/** Everything one complaint left behind, with its ids and the order's replaced by names. */
async function footprint({
  complaintId,
  order,
}: {
  complaintId: string;
  order: { id: string; orderNo: string; customerId: string };
}) {
  const compensations = await testDb.compensation.findMany({ where: { complaintId }, orderBy: { createdAt: "asc" } });
  const names = new Map<string, string>([
    [complaintId, "<complaint>"],
    [order.id, "<order>"],
    [order.orderNo, "<orderNo>"],
    [order.customerId, "<customer>"],
    ...compensations.map((c, i) => [c.id, `<compensation ${i}>`] as [string, string]),
  ]);
  const named = (value: unknown) => {
    let text = JSON.stringify(value);
    for (const [id, name] of names) text = text.split(id).join(name);
    return JSON.parse(text) as unknown;
  };
  const [complaint] = await testDb.$queryRaw<Record<string, unknown>[]>`
    SELECT status, version, priority, category, group_id, escalation_level, assignee_id, sla_breach_count,
      survey_asks_nps, first_responded_at, closed_at, sla_due_at, sla_paused_at, tier, region, keywords,
      extract(epoch FROM resolved_at - created_at) AS resolved_after,
      extract(epoch FROM first_response_due_at - created_at) AS first_due_after,
      extract(epoch FROM resolution_due_at - created_at) AS resolution_due_after
    FROM complaints WHERE id = ${complaintId}::uuid`;
  const events = await testDb.complaintEvent.findMany({
    where: { complaintId },
    orderBy: { id: "asc" },
    select: { at: true, actorType: true, actorId: true, kind: true, customerVisible: true, payload: true },
  });
  const targets = [complaintId, ...compensations.map((c) => c.id)];
  const audit = await testDb.auditLog.findMany({
    where: { targetId: { in: targets } },
    orderBy: { id: "asc" },
    select: {
      actorType: true,
      actorId: true,
      actorLabel: true,
      action: true,
      targetType: true,
      targetId: true,
      before: true,
      after: true,
    },
  });
  const outbox = await testDb.outboxEvent.findMany({
    where: { aggregateId: complaintId },
    orderBy: { id: "asc" },
    select: { name: true, data: true },
  });
  return named({
    complaint,
    events,
    audit,
    outbox,
    compensations: compensations.map(
      ({ id, type, amount, status, idempotencyKey, claimedAt, createdById, attempts }) => ({
        id,
        type,
        amount: amount.toString(),
        status,
        idempotencyKey,
        claimedAt,
        createdById,
        attempts,
      }),
    ),
  });
}

/**
 * Holds the order's ledger lock on a connection of its own and changes the order under it, so the
 * intake's statement waits for it and then finds the ledger moved.
 */
async function moveLedgerUnder({ orderId, change }: { orderId: string; change: (client: pg.Client) => Promise<void> }) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const release = async (end: "COMMIT" | "ROLLBACK") => {
    await client.query(end).catch(() => {});
    await client.end();
  };
  try {
    await client.query("BEGIN");
    await client.query("SELECT id FROM orders WHERE id = $1 FOR NO KEY UPDATE", [orderId]);
    await change(client);
  } catch (error) {
    await release("ROLLBACK");
    throw error;
  }
  return {
    /** Resolves once another session waits for this one's lock (the intake's statement). */
    waited: async () => {
      for (let i = 0; i < 400; i += 1) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))`,
        );
        if (rows[0]!.n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await release("ROLLBACK");
      throw new Error("no intake statement waited for the ledger lock");
    },
    commit: () => release("COMMIT"),
  };
}

/** An intake filed while the order's ledger moves under it: decided again in the transaction. */
async function fileWhileLedgerMoves({
  order,
  change,
  file,
}: {
  order: { id: string };
  change: (client: pg.Client) => Promise<void>;
  file: () => ReturnType<typeof createComplaint>;
}) {
  const holder = await moveLedgerUnder({ orderId: order.id, change });
  const intake = file();
  try {
    await holder.waited();
  } finally {
    await holder.commit();
  }
  return intake;
}

describe("a rule's refund at intake", () => {
  for (const shopRefunds of [false, true]) {
    it(`leaves the same rows in one statement as decided again in a transaction (${shopRefunds ? "through the shop's gateway" : "recorded"})`, async () => {
      const now = new Date(Date.now() - 60_000);
      const [first, second] = [await newOrder({ status: "shipped" }), await newOrder({ status: "shipped" })];
      const [unchanged, moved] = [await ledgerCount("unchanged"), await ledgerCount("moved")];

      const fast = await outOfStock({ orderNo: first.orderNo, now, shopRefunds });
      expect(await ledgerCount("unchanged")).toBe(unchanged + 1);

      // The second order is delivered while the intake's read still says shipped: both refundable,
      // so the transaction refunds it too, and the two complaints must look alike.
      const decidedAgain = await fileWhileLedgerMoves({
        order: second,
        change: async (client) => {
          await client.query(`UPDATE orders SET status = 'delivered' WHERE id = $1`, [second.id]);
        },
        file: () => outOfStock({ orderNo: second.orderNo, now, shopRefunds }),
      });
      expect(await ledgerCount("moved")).toBe(moved + 1);

      expect(fast.complaint.status).toBe("resolved");
      expect(decidedAgain.complaint).toMatchObject({ status: "resolved", compensations: fast.complaint.compensations });
      expect(fast.complaint.compensations).toEqual([
        { type: "refund", amountFen: 30_00, status: shopRefunds ? "pending" : "succeeded" },
      ]);
      const [a, b] = [
        await footprint({ complaintId: fast.complaint.id, order: first }),
        await footprint({ complaintId: decidedAgain.complaint.id, order: second }),
      ];
      expect(a).toEqual(b);
      // What the footprint holds, so an empty comparison cannot pass.
      expect(a).toMatchObject({
        complaint: { status: "resolved", version: 1, sla_due_at: null, first_responded_at: null, resolved_after: "0" },
        events: [{ kind: "submitted" }, { kind: "triaged" }, { kind: "auto_refund" }, { kind: "status_changed" }],
        audit: [
          { action: "complaint.created" },
          { action: "compensation.auto_refund" },
          {
            action: "complaint.auto_resolve",
            before: { status: "new", version: 0 },
            after: { status: "resolved", version: 1 },
          },
        ],
        outbox: [
          ...(shopRefunds ? [{ name: "kesu/compensation.refund_requested" }] : []),
          { name: "kesu/complaint.created", data: { status: "resolved", slaDueAt: null } },
          {
            name: "kesu/complaint.resolved",
            data: { action: "auto_resolve", from: "new", to: "resolved", version: 1 },
          },
          { name: "kesu/complaint.status_changed" },
        ],
        compensations: [
          { idempotencyKey: "auto-refund:order:<order>", amount: "30", status: shopRefunds ? "pending" : "succeeded" },
        ],
      });
    });
  }

  it("a staff refund committed while the statement waited is counted: only the rest is refunded", async () => {
    const order = await newOrder({ amount: "30.00" });
    const { complaint: earlier } = await qualityComplaint(order.orderNo);
    const { complaint } = await fileWhileLedgerMoves({
      order,
      change: async (client) => {
        await client.query(
          `INSERT INTO compensations (id, complaint_id, order_id, type, amount, status, idempotency_key)
           VALUES (gen_random_uuid(), $1, $2, 'refund', 12.50, 'succeeded', 'staff-race')`,
          [earlier.id, order.id],
        );
      },
      file: () => outOfStock({ orderNo: order.orderNo }),
    });
    expect(complaint).toMatchObject({ status: "resolved", compensations: [{ type: "refund", amountFen: 17_50 }] });
    expect(await refundedFen(order.id)).toBe(30_00);
  });

  it("an order refunded in full before the complaint gets no automatic refund", async () => {
    const order = await newOrder({ amount: "30.00" });
    const { complaint: earlier } = await qualityComplaint(order.orderNo);
    await testDb.compensation.create({
      data: {
        complaintId: earlier.id,
        orderId: order.id,
        type: "refund",
        amount: "30.00",
        status: "succeeded",
        idempotencyKey: "staff-full",
      },
    });
    const { complaint } = await outOfStock({ orderNo: order.orderNo });
    expect(complaint).toMatchObject({ status: "new", compensations: [] });
    expect(await refundedFen(order.id)).toBe(30_00);
  });

  it("an order already refunded by a rule is known from the read: the next complaint skips the ledger check", async () => {
    const order = await newOrder({ amount: "30.00" });
    expect((await outOfStock({ orderNo: order.orderNo })).complaint.status).toBe("resolved");
    const [unchanged, moved] = [await ledgerCount("unchanged"), await ledgerCount("moved")];
    const { complaint } = await outOfStock({ orderNo: order.orderNo });
    expect(complaint).toMatchObject({ status: "new", compensations: [] });
    // Without the read's answer the refund path would run and find the ledger moved.
    expect([await ledgerCount("unchanged"), await ledgerCount("moved")]).toEqual([unchanged, moved]);
    expect(await refundedFen(order.id)).toBe(30_00);
  });

  it("twelve complaints at once on one order: one refund, one resolved complaint, one resolution announced", async () => {
    const order = await newOrder({ amount: "30.00" });
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => outOfStock({ orderNo: order.orderNo })));
    const resolved = outcomes.filter((o) => o.complaint.status === "resolved");
    expect(resolved).toHaveLength(1);
    expect(outcomes.filter((o) => o.complaint.status === "new")).toHaveLength(11);
    expect(await refundedFen(order.id)).toBe(30_00);
    expect(await testDb.compensation.count({ where: { orderId: order.id } })).toBe(1);
    expect(await testDb.outboxEvent.count({ where: { name: "kesu/complaint.resolved" } })).toBe(1);
    expect(await testDb.complaint.count({ where: { orderId: order.id, status: "resolved", version: 1 } })).toBe(1);
    // Eleven first-response clocks, none for the resolved one.
    expect(await testDb.outboxEvent.count({ where: { name: "kesu/complaint.sla_scheduled" } })).toBe(11);
  });

  it("a repeated request with its idempotency key, concurrently: one complaint, one refund, the same answer", async () => {
    const order = await newOrder({ amount: "30.00" });
    const file = () =>
      fileOn({
        orderNo: order.orderNo,
        description: "缺货",
        idempotency: { key: `refund-repeat-${order.orderNo}`, requestHash: "h" },
      });
    const outcomes = await Promise.all(Array.from({ length: 6 }, file));
    expect(new Set(outcomes.map((o) => o.complaint.id)).size).toBe(1);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(outcomes.every((o) => o.complaint.status === "resolved")).toBe(true);
    expect(await refundedFen(order.id)).toBe(30_00);
    expect(await testDb.complaint.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("one idempotency key on several refundable orders at once: one complaint, one refund, none on the others", async () => {
    const orders = await Promise.all(Array.from({ length: 5 }, () => newOrder({ amount: "30.00" })));
    const outcomes = await Promise.all(
      orders.map((order) =>
        fileOn({
          orderNo: order.orderNo,
          idempotency: { key: "one-key-many-orders", requestHash: "h", anyBody: true },
        }),
      ),
    );
    expect(new Set(outcomes.map((o) => o.complaint.id)).size).toBe(1);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(await testDb.complaint.count()).toBe(1);
    expect(await testDb.compensation.count()).toBe(1);
    expect(await testDb.outboxEvent.count({ where: { name: "kesu/complaint.resolved" } })).toBe(1);
  });

  it("the rollups equal a rebuild after refunds filed both ways", async () => {
    const orders = await Promise.all(Array.from({ length: 4 }, () => newOrder({ amount: "20.00", status: "shipped" })));
    for (const order of orders.slice(1)) await outOfStock({ orderNo: order.orderNo });
    const moved = await ledgerCount("moved");
    await fileWhileLedgerMoves({
      order: orders[0]!,
      change: async (client) => {
        await client.query(`UPDATE orders SET status = 'delivered' WHERE id = $1`, [orders[0]!.id]);
      },
      file: () => outOfStock({ orderNo: orders[0]!.orderNo }),
    });
    expect(await ledgerCount("moved")).toBe(moved + 1);
    const read = () =>
      testDb.$queryRaw<
        unknown[]
      >`SELECT category, sum(complaints)::int AS complaints, sum(resolved)::int AS resolved, sum(handling_seconds)::float AS handling
        FROM (SELECT category, complaints, resolved, handling_seconds FROM complaint_stats_daily
              UNION ALL SELECT category, complaints, resolved, handling_seconds FROM complaint_stats_delta) s GROUP BY category ORDER BY category`;
    const live = await read();
    await testDb.$executeRaw`SELECT kesu_rebuild_rollups()`;
    expect(await read()).toEqual(live);
    expect(live).toEqual([{ category: "product.out_of_stock", complaints: 4, resolved: 4, handling: 0 }]);
  });
});
