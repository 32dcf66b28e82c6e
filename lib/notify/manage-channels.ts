import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { decryptField, encryptField, type Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { DEFAULT_LOCALE, LOCALES } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import { enqueueEvent } from "../outbox/enqueue-event";
import { CHANNEL_KINDS, channelConfigSchemas, maskConfig, type ChannelKind } from "./channels/channel-config";
import { sendViaChannel } from "./channels/send-via-channel";
import { checkOutboundUrl, privateTargetsAllowed } from "./channels/url-guard";
import { TOPICS } from "./topics";

export const saveChannelSchema = z.object({
  id: z.string().uuid().optional(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string().trim().min(1).max(60),
  enabled: z.boolean(),
  topics: z.array(z.enum(TOPICS)).max(TOPICS.length),
  // The language its messages are written in (an ops group's; customers' channels follow each customer).
  locale: z.enum(LOCALES).default(DEFAULT_LOCALE),
  // Secrets left empty when editing keep their stored value (the form never shows them).
  config: z.record(z.string(), z.string().trim().max(500)),
});

/** Channels for the settings page, secrets masked. */
export async function listChannels({ db, actor, keyring }: { db: Db; actor: StaffActor; keyring: Keyring }) {
  assertCan(actor, "page.settings");
  const channels = await db.notificationChannel.findMany({
    orderBy: { createdAt: "asc" },
    include: {
      deliveries: {
        where: { status: { not: "pending" } },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { status: true, lastError: true, createdAt: true },
      },
    },
  });
  // The channel's status is its latest finished delivery: sent, or the error that failed it.
  return channels.map(({ configEnc, deliveries, ...channel }) => ({
    ...channel,
    lastDelivery: deliveries[0] ?? null,
    config: maskConfig(
      JSON.parse(
        decryptField({
          sealed: configEnc,
          context: { column: "notification_channels.config_enc", row: channel.id },
          keyring,
        }),
      ),
    ),
  }));
}

/** Creates or updates a channel; audited with the settings masked (never a secret in the log). */
export async function saveChannel({
  db,
  actor,
  input,
  keyring,
}: {
  db: Db;
  actor: StaffActor;
  // Input: a channel saved without a language writes zh-CN, as every channel did before it had one.
  input: z.input<typeof saveChannelSchema>;
  keyring: Keyring;
}) {
  assertCan(actor, "settings.channels");
  return db.$transaction(async (tx) => {
    const existing = input.id ? await tx.notificationChannel.findUnique({ where: { id: input.id } }) : null;
    if (input.id && !existing) throw new AppError("not_found");
    const stored = existing
      ? (JSON.parse(
          decryptField({
            sealed: existing.configEnc,
            context: { column: "notification_channels.config_enc", row: existing.id },
            keyring,
          }),
        ) as Record<string, string>)
      : {};
    const merged = Object.fromEntries(
      Object.entries({
        ...stored,
        ...Object.fromEntries(Object.entries(input.config).filter(([, v]) => v !== "")),
      }).filter(([, v]) => v !== ""),
    );
    const parsed = channelConfigSchemas[input.kind as ChannelKind].safeParse(merged);
    if (!parsed.success)
      throw new AppError("validation_failed", {
        fields: parsed.error.issues.map((i) => ({
          path: `config.${i.path.join(".")}`,
          code: i.message === "required" ? "required" : "invalid",
        })),
      });
    for (const field of ["webhookUrl", "url"] as const) {
      const url = (parsed.data as Record<string, string | undefined>)[field];
      if (!url) continue;
      const check = await checkOutboundUrl(url, { allowPrivate: privateTargetsAllowed() });
      if (!check.ok)
        throw new AppError("validation_failed", { fields: [{ path: `config.${field}`, code: check.reason }] });
    }
    // A new channel's id is chosen here: its settings are bound to it before the row exists.
    const id = existing?.id ?? randomUUID();
    const data = {
      kind: input.kind,
      name: input.name,
      enabled: input.enabled,
      topics: input.topics,
      locale: input.locale ?? DEFAULT_LOCALE,
      configEnc: encryptField({
        plaintext: JSON.stringify(parsed.data),
        context: { column: "notification_channels.config_enc", row: id },
        keyring,
      }),
    };
    const channel = existing
      ? await tx.notificationChannel.update({ where: { id }, data })
      : await tx.notificationChannel.create({ data: { id, ...data } });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: existing ? "settings.channel_updated" : "settings.channel_created",
        target: { type: "notification_channel", id: channel.id },
        before: existing
          ? {
              name: existing.name,
              kind: existing.kind,
              enabled: existing.enabled,
              topics: existing.topics,
              locale: existing.locale,
              config: maskConfig(stored),
            }
          : undefined,
        after: {
          name: channel.name,
          kind: channel.kind,
          enabled: channel.enabled,
          topics: channel.topics,
          locale: channel.locale,
          config: maskConfig(parsed.data as Record<string, unknown>),
        },
      },
    });
    return { id: channel.id };
  });
}

/** "Send test message": straight through the adapter, answered at once, audited. */
export async function sendTestMessage({
  db,
  actor,
  channelId,
  keyring,
  recipient,
}: {
  db: Db;
  actor: StaffActor;
  channelId: string;
  keyring: Keyring;
  recipient?: string;
}) {
  assertCan(actor, "settings.channels");
  const channel = await db.notificationChannel.findUnique({ where: { id: channelId } });
  if (!channel) throw new AppError("not_found");
  const t = translatorFor(DEFAULT_LOCALE);
  const message = {
    title: t("notify.testTitle"),
    markdown: `### ${t("notify.testTitle")}\n${t("notify.testBody")}`,
    text: t("notify.testBody"),
    recipient: recipient ?? null,
  };
  const result = await sendViaChannel({
    kind: channel.kind,
    config: JSON.parse(
      decryptField({
        sealed: channel.configEnc,
        context: { column: "notification_channels.config_enc", row: channel.id },
        keyring,
      }),
    ),
    message,
  });
  await recordAudit({
    db,
    entry: {
      actor: { type: "staff", id: actor.id, label: actor.email },
      action: "settings.channel_tested",
      target: { type: "notification_channel", id: channel.id },
      after: result.ok ? { ok: true } : { ok: false, error: result.error },
    },
  });
  return result;
}

/** Failed deliveries, newest first, for the resend list. */
export async function listFailedDeliveries({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.settings");
  return db.notificationDelivery.findMany({
    where: { status: "failed" },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: {
      id: true,
      title: true,
      topic: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      complaintId: true,
      channel: { select: { name: true } },
    },
  });
}

/** Resend: back to pending and requested again through the outbox (exactly one new attempt chain). */
export async function resendDelivery({ db, actor, deliveryId }: { db: Db; actor: StaffActor; deliveryId: string }) {
  assertCan(actor, "settings.channels");
  return db.$transaction(async (tx) => {
    const { count } = await tx.notificationDelivery.updateMany({
      where: { id: deliveryId, status: "failed" },
      data: { status: "pending", lastError: null },
    });
    if (count === 0) throw new AppError("not_found");
    const delivery = await tx.notificationDelivery.findUniqueOrThrow({
      where: { id: deliveryId },
      select: { channelId: true },
    });
    await enqueueEvent({
      tx,
      name: "kesu/notification.requested",
      aggregateId: deliveryId,
      data: { deliveryId, channelId: delivery.channelId },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "notification.resend",
        target: { type: "notification_delivery", id: deliveryId },
        before: { status: "failed" },
        after: { status: "pending" },
      },
    });
  });
}
