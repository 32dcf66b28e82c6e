import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest } from "inngest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimComplaint } from "../../lib/complaints/handling/claim-complaint";
import { replyToComplaint } from "../../lib/complaints/handling/reply-to-complaint";
import { relayOutbox, OUTBOX_EVENT_ID_PREFIX, type SendEvents } from "../../lib/outbox/relay-outbox";
import { getOutboxStatus } from "../../lib/outbox/outbox-status";
import { startOutboxWorker } from "../../lib/outbox/outbox-worker";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

/**
 * A real local HTTP server standing in for Inngest's event API (POST /e/<key>), driven through
 * the real Inngest SDK client. Like Inngest, it deduplicates by event id.
 */
let server: Server;
let failNext = 0;
let requests = 0;
const accepted: { id: string; name: string; data: { complaintId?: string } }[] = [];
let client: Inngest;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      requests += 1;
      if (failNext > 0) {
        failNext -= 1;
        return void response
          .writeHead(503, { "content-type": "application/json" })
          .end(JSON.stringify({ error: "unavailable", status: 503 }));
      }
      const events = JSON.parse(body) as { id: string; name: string; data: { complaintId?: string } }[];
      for (const event of events) if (!accepted.some((e) => e.id === event.id)) accepted.push(event);
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ ids: events.map((e) => e.id), status: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = new Inngest({
    id: "kesu-test",
    isDev: true,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await testDb.$disconnect();
});
beforeEach(async () => {
  await resetData();
  accepted.length = 0;
  failNext = 0;
  requests = 0;
});

const send: SendEvents = (events) => client.send(events);

describe("transactional outbox", () => {
  it("writes events in the same transaction as the change, and nothing when the change fails", async () => {
    const { id } = await fileTestComplaint();
    const agent = await createStaff({ role: "agent" });
    await claimComplaint({ db: testDb, actor: agent, complaintId: id, version: 0 });
    await expect(
      replyToComplaint({ db: testDb, actor: agent, complaintId: id, version: 0, text: "旧版本" }),
    ).rejects.toMatchObject({ code: "stale_complaint" });
    const names = (await testDb.outboxEvent.findMany({ where: { aggregateId: id }, orderBy: { id: "asc" } })).map(
      (e) => e.name,
    );
    expect(names).toEqual([
      "kesu/complaint.created",
      "kesu/complaint.sla_scheduled",
      "kesu/complaint.claimed",
      "kesu/complaint.status_changed",
    ]);
  });

  it("rides out an outage: sends fail for a while, then every event arrives exactly once, in order", async () => {
    const agent = await createStaff({ role: "agent" });
    for (let i = 0; i < 3; i += 1) {
      const { id } = await fileTestComplaint();
      await claimComplaint({ db: testDb, actor: agent, complaintId: id, version: 0 });
      await replyToComplaint({ db: testDb, actor: agent, complaintId: id, version: 1, text: `回复${i}` });
    }
    const rows = await testDb.outboxEvent.findMany({ orderBy: { id: "asc" } });
    failNext = 12; // more than the SDK's own retries: the first relay attempts fail outright

    const stop = startOutboxWorker({
      db: testDb,
      send,
      intervalMs: 20,
      maxBackoffMs: 200,
      log: { warn: () => undefined },
    });
    const deadline = Date.now() + 20_000;
    while ((await testDb.outboxEvent.count({ where: { sentAt: null } })) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    stop();

    expect(failNext).toBe(0);
    expect(accepted.map((e) => e.id)).toEqual(rows.map((r) => `${OUTBOX_EVENT_ID_PREFIX}${r.id}`));
    const failedBefore = await testDb.outboxEvent.findMany({ where: { attempts: { gt: 1 } } });
    expect(failedBefore.length).toBeGreaterThan(0);
    expect(failedBefore.every((e) => e.sentAt && e.lastError === null)).toBe(true);
  });

  it("resends a batch whose 'sent' mark was lost, and the event ids make the resend harmless", async () => {
    await fileTestComplaint();
    let crashAfterSend = true;
    const flaky: SendEvents = async (events) => {
      await send(events);
      if (crashAfterSend) {
        crashAfterSend = false;
        throw new Error("process died after sending");
      }
    };
    expect(await relayOutbox({ db: testDb, send: flaky })).toMatchObject({ sent: 0, failed: 2 });
    expect(await relayOutbox({ db: testDb, send: flaky })).toMatchObject({ sent: 2 });
    expect(requests).toBe(2);
    expect(accepted).toHaveLength(2);
    expect(await relayOutbox({ db: testDb, send: flaky })).toMatchObject({ sent: 0, failed: 0 });
  });

  it("shows admins the backlog, its lag and the failures", async () => {
    const t0 = new Date();
    await fileTestComplaint();
    failNext = 100;
    await relayOutbox({
      db: testDb,
      send: (events) => client.send(events).catch((error: unknown) => Promise.reject(error)),
    });
    const admin = await createStaff({ role: "admin" });
    const status = await getOutboxStatus({ db: testDb, actor: admin, now: new Date(t0.getTime() + 90_000) });
    expect(status).toMatchObject({ pending: 2, failing: 2, sentLastHour: 0 });
    expect(status.lagSeconds).toBeGreaterThanOrEqual(85);
    expect(status.lastError).toBeTruthy();
    failNext = 0;
    await relayOutbox({ db: testDb, send });
    expect(await getOutboxStatus({ db: testDb, actor: admin })).toMatchObject({
      pending: 0,
      failing: 0,
      sentLastHour: 2,
    });
  });

  it("lets one relay run at a time", async () => {
    await fileTestComplaint();
    const results = await Promise.all([relayOutbox({ db: testDb, send }), relayOutbox({ db: testDb, send })]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(2);
    expect(accepted).toHaveLength(2);
  });
});
