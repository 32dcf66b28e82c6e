import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverNotificationFn } from "../../inngest/functions/deliver-notification";
import { notifyStaff } from "../../inngest/functions/notify-staff";
import { deliverNotification, RetryableDeliveryError } from "../../lib/notify/deliver-notification";
import {
  listChannels,
  listFailedDeliveries,
  resendDelivery,
  saveChannel,
  sendTestMessage,
} from "../../lib/notify/manage-channels";
import { planStaffNotifications } from "../../lib/notify/plan-staff-notifications";
import { workspaceLinkTarget } from "../../lib/notify/workspace-link";
import { handleSlaDeadline } from "../../lib/sla/handle-sla-deadline";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { startFakeHttp } from "../support/fake-http";
import { createStaff } from "../support/staff";

let fake: Awaited<ReturnType<typeof startFakeHttp>>;
beforeAll(async () => {
  fake = await startFakeHttp();
});
afterAll(async () => {
  await fake.close();
  await testDb.$disconnect();
});
beforeEach(async () => {
  await resetData();
  fake.received.length = 0;
  fake.answer(() => ({ json: { errcode: 0, errmsg: "ok" } }));
});

const keyring = testKeyring();
const SECRET_KEY = "wecom-robot-key-abcdef123456";

async function setup() {
  const admin = await createStaff({ role: "admin" });
  await createStaff({ role: "expert", groupCodes: ["product"] });
  const { id: channelId } = await saveChannel({
    db: testDb,
    actor: admin,
    keyring,
    input: {
      kind: "wecom_robot",
      name: "品控群",
      enabled: true,
      topics: ["sla_breached"],
      config: { webhookUrl: `${fake.url}/cgi-bin/webhook/send?key=${SECRET_KEY}` },
    },
  });
  const { id: complaintId } = await fileTestComplaint({
    category: "product.quality",
    now: new Date(Date.now() - 40 * 60_000),
  });
  const due = (await testDb.complaint.findUniqueOrThrow({ where: { id: complaintId } })).slaDueAt!.toISOString();
  await handleSlaDeadline({ db: testDb, complaintId, dueAt: due });
  const breached = await testDb.outboxEvent.findFirstOrThrow({
    where: { aggregateId: complaintId, name: "kesu/complaint.sla_breached" },
  });
  return { admin, channelId, complaintId, due, breached };
}

const plan = (complaintId: string, due: string, sourceEventId: string) =>
  planStaffNotifications({
    db: testDb,
    topic: "sla_breached",
    sourceEventId,
    complaintId,
    dueAt: due,
    kind: "first_response",
    appUrl: "http://localhost:3999",
    linkSecret: process.env.H5_LINK_SECRET!,
  });

describe("staff notifications", () => {
  it("plan one delivery per subscribed channel, once, and deliver a message with a signed link back into the app", async () => {
    const { complaintId, due } = await setup();
    const first = await plan(complaintId, due, "evt-1");
    expect(first).toHaveLength(1);
    expect(await plan(complaintId, due, "evt-1")).toHaveLength(1);
    expect(await testDb.notificationDelivery.count()).toBe(1);

    expect(await deliverNotification({ db: testDb, deliveryId: first[0]!.id, keyring })).toEqual({ status: "sent" });
    const content = JSON.parse(fake.received[0]!.body).markdown.content as string;
    expect(content).toContain("SLA 超时");
    const token = /\/l\/([^)\s]+)/.exec(content)![1]!;
    expect(workspaceLinkTarget({ token, secret: process.env.H5_LINK_SECRET! })).toBe(
      `/admin/complaints/${complaintId}`,
    );
    expect(workspaceLinkTarget({ token: token.slice(0, -2) + "xx", secret: process.env.H5_LINK_SECRET! })).toBeNull();
    expect(await deliverNotification({ db: testDb, deliveryId: first[0]!.id, keyring })).toEqual({
      status: "sent",
      already: true,
    });
    expect(fake.received).toHaveLength(1);
  });

  it("write each robot's message in its channel's language, the assignee mentioned in each", async () => {
    const { admin, complaintId, due } = await setup();
    const assignee = await testDb.complaint.findUniqueOrThrow({
      where: { id: complaintId },
      select: { assigneeId: true },
    });
    await testDb.staffUser.update({ where: { id: assignee.assigneeId! }, data: { imUserId: "ana.expert" } });
    for (const locale of ["en", "es"] as const)
      await saveChannel({
        db: testDb,
        actor: admin,
        keyring,
        input: {
          kind: "wecom_robot",
          name: `ops ${locale}`,
          enabled: true,
          topics: ["sla_breached"],
          locale,
          config: { webhookUrl: `${fake.url}/cgi-bin/webhook/send?key=${SECRET_KEY}${locale}` },
        },
      });
    const planned = await plan(complaintId, due, "evt-locales");
    expect(planned).toHaveLength(3);
    for (const { id } of planned) await deliverNotification({ db: testDb, deliveryId: id, keyring });
    const byKey = Object.fromEntries(
      fake.received.map((r) => [new URL(r.url, fake.url).searchParams.get("key"), JSON.parse(r.body).markdown.content]),
    ) as Record<string, string>;
    const [zh, en, es] = ["", "en", "es"].map((suffix) => byKey[`${SECRET_KEY}${suffix}`] ?? "");
    expect(zh).toContain("质量问题");
    expect(en).toContain("Quality problem");
    expect(es).toContain("Problema de calidad");
    for (const content of [zh, en, es]) expect(content).toContain("<@ana.expert>");
    // The audit says which language the channel was given.
    expect(
      await testDb.auditLog.findFirst({
        where: { action: "settings.channel_created", actorId: admin.id },
        orderBy: { id: "desc" },
      }),
    ).toMatchObject({ after: expect.objectContaining({ locale: "es" }) });
  });

  it("@-mention the assignee in the group's SLA message", async () => {
    const { complaintId, due } = await setup();
    const assignee = await testDb.complaint.findUniqueOrThrow({
      where: { id: complaintId },
      select: { assigneeId: true },
    });
    await testDb.staffUser.update({ where: { id: assignee.assigneeId! }, data: { imUserId: "wang.expert" } });
    const [delivery] = await plan(complaintId, due, "evt-mention");
    await deliverNotification({ db: testDb, deliveryId: delivery!.id, keyring });
    expect(JSON.parse(fake.received.at(-1)!.body).markdown.content).toContain("<@wang.expert>");
  });

  it("retry what can succeed later, fail the rest, and let admins resend failures", async () => {
    const { admin, complaintId, due } = await setup();
    const [delivery] = await plan(complaintId, due, "evt-2");
    fake.answer(() => ({ status: 503 }));
    await expect(deliverNotification({ db: testDb, deliveryId: delivery!.id, keyring })).rejects.toBeInstanceOf(
      RetryableDeliveryError,
    );
    expect(await testDb.notificationDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "HTTP 503",
    });
    fake.answer(() => ({ json: { errcode: 93000, errmsg: "invalid webhook url" } }));
    expect(await deliverNotification({ db: testDb, deliveryId: delivery!.id, keyring })).toMatchObject({
      status: "failed",
    });
    expect((await listFailedDeliveries({ db: testDb, actor: admin })).map((d) => d.id)).toEqual([delivery!.id]);

    await resendDelivery({ db: testDb, actor: admin, deliveryId: delivery!.id });
    expect((await testDb.notificationDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).status).toBe(
      "pending",
    );
    expect(
      await testDb.outboxEvent.count({ where: { name: "kesu/notification.requested", aggregateId: delivery!.id } }),
    ).toBe(1);
    await expect(resendDelivery({ db: testDb, actor: admin, deliveryId: delivery!.id })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("keep robot secrets out of sight: encrypted at rest, masked on the page and in the audit log; test message", async () => {
    const { admin, channelId } = await setup();
    const [channel] = await listChannels({ db: testDb, actor: admin, keyring });
    expect(channel!.config.webhookUrl).toContain("key=••••");
    const stored = await testDb.notificationChannel.findUniqueOrThrow({ where: { id: channelId } });
    expect(stored.configEnc).not.toContain(SECRET_KEY);
    const audit = JSON.stringify(
      await testDb.auditLog.findMany({
        where: { action: { startsWith: "settings.channel" } },
        select: { before: true, after: true },
      }),
    );
    expect(audit).not.toContain(SECRET_KEY);
    expect(await sendTestMessage({ db: testDb, actor: admin, channelId, keyring })).toEqual({ ok: true });
    expect(JSON.parse(fake.received.at(-1)!.body).markdown.content).toContain("Kesu 测试消息");
    // Editing without re-entering the secret keeps it.
    await saveChannel({
      db: testDb,
      actor: admin,
      keyring,
      input: {
        id: channelId,
        kind: "wecom_robot",
        name: "品控群（改名）",
        enabled: true,
        topics: ["sla_breached", "sla_warning"],
        config: { webhookUrl: "" },
      },
    });
    expect(await sendTestMessage({ db: testDb, actor: admin, channelId, keyring })).toEqual({ ok: true });
    await expect(
      saveChannel({
        db: testDb,
        actor: admin,
        keyring,
        input: { kind: "dingtalk_robot", name: "x", enabled: true, topics: [], config: { webhookUrl: "not a url" } },
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      saveChannel({
        db: testDb,
        actor: admin,
        keyring,
        input: {
          kind: "dingtalk_robot",
          name: "x",
          enabled: true,
          topics: [],
          config: { webhookUrl: "ftp://robot.example/x" },
        },
      }),
    ).rejects.toMatchObject({ fields: [{ path: "config.webhookUrl", code: "not_http" }] });
    const previous = process.env.NODE_ENV;
    (process.env as Record<string, string>).NODE_ENV = "production";
    try {
      await expect(
        saveChannel({
          db: testDb,
          actor: admin,
          keyring,
          input: {
            kind: "wecom_robot",
            name: "x",
            enabled: true,
            topics: [],
            config: { webhookUrl: "http://169.254.169.254/latest" },
          },
        }),
      ).rejects.toMatchObject({ fields: [{ path: "config.webhookUrl", code: "private_address" }] });
    } finally {
      (process.env as Record<string, string>).NODE_ENV = previous!;
    }
    expect((await listChannels({ db: testDb, actor: admin, keyring }))[0]!.lastDelivery).toBeNull();
  });
});

describe("notification workflows (@inngest/test)", () => {
  it("notify-staff plans and fans out; deliver-notification sends", async () => {
    const { breached } = await setup();
    // step.sendEvent would need an Inngest server: the fan-out step is mocked, its input checked.
    const notify = new InngestTestEngine({
      function: notifyStaff,
      events: [
        { id: `kesu-outbox-${breached.id}`, name: breached.name, data: breached.data as Record<string, unknown> },
      ],
      steps: [{ id: "deliver", handler: () => ({ ids: [] }) }],
    });
    const { result, ctx } = await notify.execute();
    expect(result).toEqual({ planned: 1 });
    const delivery = await testDb.notificationDelivery.findFirstOrThrow();
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("deliver", [
      {
        name: "kesu/notification.requested",
        id: `delivery-${delivery.id}`,
        data: { deliveryId: delivery.id, channelId: delivery.channelId },
      },
    ]);
    const deliver = new InngestTestEngine({
      function: deliverNotificationFn,
      events: [
        { name: "kesu/notification.requested", data: { deliveryId: delivery.id, channelId: delivery.channelId } },
      ],
    });
    expect((await deliver.execute()).result).toEqual({ status: "sent" });
    expect((await testDb.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("sent");
  });
});
