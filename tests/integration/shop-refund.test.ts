import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { retryPendingRefunds } from "../../lib/compensation/retry-pending-refunds";
import { settleRefund } from "../../lib/compensation/settle-refund";
import {
  shopRefundClient,
  signRefundBody,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from "../../lib/compensation/shop-refund-client";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

/** A real local HTTP server playing the shop: checks signatures, dedups by idempotency key. */
const SECRET = "shop-refund-secret-0123456789";
type Behaviour = (attempt: number) => { status: number; delayMs?: number };
let behaviour: Behaviour = () => ({ status: 200 });
let requests: { key: string; body: string; signed: boolean }[] = [];
const refunds = new Map<string, string>();
let server: Server;
let url: string;

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    request.on("data", (chunk) => (data += chunk));
    request.on("end", () => resolve(data));
  });
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await read(request);
    const key = String(request.headers["idempotency-key"]);
    const signed =
      request.headers[SIGNATURE_HEADER] ===
      signRefundBody({ secret: SECRET, timestamp: String(request.headers[TIMESTAMP_HEADER]), body });
    requests.push({ key, body, signed });
    const { status, delayMs } = behaviour(requests.length);
    const startedIn = generation;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    // A slow answer the client gave up on may finish during the next test: it must not count there.
    if (startedIn !== generation) return void response.destroy();
    if (!signed) return void response.writeHead(401).end();
    if (status !== 200) return void response.writeHead(status).end();
    if (!refunds.has(key)) refunds.set(key, `R${refunds.size + 1}`);
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ refundId: refunds.get(key) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/refunds`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await testDb.$disconnect();
});

let expert: StaffActor;
let generation = 0;

beforeEach(async () => {
  generation += 1;
  await resetData();
  requests = [];
  refunds.clear();
  behaviour = () => ({ status: 200 });
  expert = await createStaff({ role: "expert" });
});
afterEach(() => undefined);

async function pendingRefund(amount = "30.00") {
  const { id } = await fileTestComplaint({ amount: "88.00" });
  const { pendingRefundId } = await resolveComplaint({
    db: testDb,
    actor: expert,
    complaintId: id,
    version: 0,
    outcome: "refund",
    note: "退款",
    amount,
    shopRefunds: true,
    keyring: testKeyring(),
  });
  return { complaintId: id, compensationId: pendingRefundId! };
}

const client = (options: Partial<Parameters<typeof shopRefundClient>[0]> = {}) =>
  shopRefundClient({ url, secret: SECRET, backoffMs: 10, timeoutMs: 300, ...options });

describe("refunds through the shop", () => {
  it("starts pending, then succeeds after retries on 503, signed, with one key", async () => {
    const { complaintId, compensationId } = await pendingRefund();
    expect((await testDb.compensation.findUniqueOrThrow({ where: { id: compensationId } })).status).toBe("pending");
    behaviour = (n) => ({ status: n < 3 ? 503 : 200 });
    expect(await settleRefund({ db: testDb, client: client(), compensationId })).toBe("succeeded");
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.signed)).toBe(true);
    expect(new Set(requests.map((r) => r.key)).size).toBe(1);
    expect(JSON.parse(requests[0]!.body)).toMatchObject({ amount: "30.00" });
    expect(await testDb.compensation.findUniqueOrThrow({ where: { id: compensationId } })).toMatchObject({
      status: "succeeded",
      externalRef: "R1",
    });
    expect(await testDb.complaintEvent.count({ where: { complaintId, kind: "refund_completed" } })).toBe(1);
  });

  it("refunds once when settled twice at the same time", async () => {
    const { complaintId, compensationId } = await pendingRefund();
    const results = await Promise.all([
      settleRefund({ db: testDb, client: client(), compensationId }),
      settleRefund({ db: testDb, client: client(), compensationId }),
    ]);
    expect(results).toContain("succeeded");
    expect(refunds.size).toBe(1);
    expect(await testDb.complaintEvent.count({ where: { complaintId, kind: "refund_completed" } })).toBe(1);
  });

  it("keeps a refund pending with the error when the shop times out, and fails it on a final 4xx", async () => {
    const first = await pendingRefund("10.00");
    behaviour = () => ({ status: 200, delayMs: 1000 });
    expect(
      await settleRefund({ db: testDb, client: client({ attempts: 2 }), compensationId: first.compensationId }),
    ).toBe("pending");
    expect(await testDb.compensation.findUniqueOrThrow({ where: { id: first.compensationId } })).toMatchObject({
      status: "pending",
      lastError: "TimeoutError",
      attempts: 1,
    });

    behaviour = () => ({ status: 422 });
    const second = await pendingRefund("10.00");
    expect(await settleRefund({ db: testDb, client: client(), compensationId: second.compensationId })).toBe("failed");
  });

  it("retries refunds left pending once the shop is back (the 10-minute sweep)", async () => {
    const { compensationId } = await pendingRefund();
    behaviour = () => ({ status: 503 });
    expect(await settleRefund({ db: testDb, client: client({ attempts: 1 }), compensationId })).toBe("pending");
    behaviour = () => ({ status: 200 });
    expect(await retryPendingRefunds({ db: testDb, client: client(), olderThanMs: 0 })).toEqual({
      retried: 1,
      succeeded: 1,
    });
    expect(await retryPendingRefunds({ db: testDb, client: client(), olderThanMs: 0 })).toEqual({
      retried: 0,
      succeeded: 0,
    });
    expect(refunds.size).toBe(1);
  });

  it("is refused by the shop when the signature is wrong", async () => {
    const { compensationId } = await pendingRefund();
    expect(
      await settleRefund({
        db: testDb,
        client: shopRefundClient({ url, secret: "another-secret-0123456789xx", backoffMs: 10 }),
        compensationId,
      }),
    ).toBe("failed");
  });

  it("an automatic refund at intake goes through the shop too: requested (pending), audited, announced; the shop's answer settles it", async () => {
    const { id, complaint } = await fileTestComplaint({
      category: "product.out_of_stock",
      description: "缺货",
      amount: "25.80",
      shopRefunds: true,
    });
    expect(complaint.status).toBe("resolved");
    expect(complaint.compensations).toEqual([{ type: "refund", amountFen: 2580, status: "pending" }]);
    const refund = await testDb.compensation.findFirstOrThrow({ where: { complaintId: id, type: "refund" } });
    expect(refund.status).toBe("pending");
    expect(refunds.size).toBe(0); // nothing paid until the shop says so
    // In the intake's transaction: the audit entry and the event the settle-refund workflow listens to.
    expect(await testDb.auditLog.count({ where: { action: "compensation.auto_refund", targetId: refund.id } })).toBe(1);
    expect(
      await testDb.outboxEvent.count({ where: { name: "kesu/compensation.refund_requested", aggregateId: id } }),
    ).toBe(1);
    const event = await testDb.complaintEvent.findFirstOrThrow({ where: { complaintId: id, kind: "auto_refund" } });
    const { customerTimelineText } = await import("../../lib/complaints/vocabulary/timeline-events");
    const { translatorFor } = await import("../../lib/i18n/translator");
    expect(customerTimelineText({ t: translatorFor("zh-CN"), event })).toBe(
      "系统已为您自动申请退款¥25.80，商城确认后原路退回",
    );

    expect(await settleRefund({ db: testDb, client: client(), compensationId: refund.id })).toBe("succeeded");
    expect(refunds.size).toBe(1);
    expect((await testDb.compensation.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("succeeded");
    expect(await testDb.complaintEvent.count({ where: { complaintId: id, kind: "refund_completed" } })).toBe(1);
  });

  it("without a shop gateway the automatic refund is recorded as paid, as before", async () => {
    const { complaint } = await fileTestComplaint({
      category: "product.out_of_stock",
      description: "缺货",
      amount: "25.80",
    });
    expect(complaint.compensations).toEqual([{ type: "refund", amountFen: 2580, status: "succeeded" }]);
  });
});
