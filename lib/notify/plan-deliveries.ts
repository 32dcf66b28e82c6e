import { randomUUID } from "node:crypto";
import { encryptField, type Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import type { ChannelKind } from "./channels/channel-config";
import type { OutgoingMessage } from "./channels/send-result";
import type { Topic } from "./topics";

/**
 * One delivery per enabled channel of the given kinds subscribed to the topic, for one source
 * event. The dedupe key (source event + channel) makes it safe to repeat: a retried step plans
 * nothing new. Returns every delivery of this source still waiting to be sent.
 */
export async function planDeliveries({
  db,
  topic,
  kinds,
  sourceEventId,
  complaintId,
  message,
  recipientFor,
  keyring,
}: {
  db: Db;
  topic: Topic;
  kinds: ChannelKind[];
  sourceEventId: string;
  complaintId: string | null;
  message: OutgoingMessage;
  // The recipient a customer channel needs (phone for SMS, the shop's customer id for push).
  recipientFor?: (kind: ChannelKind) => string | null;
  keyring?: Keyring;
}) {
  const channels = await db.notificationChannel.findMany({
    where: { enabled: true, topics: { has: topic }, kind: { in: kinds } },
    select: { id: true, kind: true },
  });
  const data = channels.flatMap((channel) => {
    const recipient = recipientFor?.(channel.kind) ?? null;
    if (recipientFor && !recipient) return [];
    // The id is chosen here: the recipient is bound to it (a planned duplicate is skipped whole).
    const id = randomUUID();
    const recipientEnc =
      recipient && keyring
        ? encryptField({
            plaintext: recipient,
            context: { column: "notification_deliveries.recipient_enc", row: id },
            keyring,
          })
        : null;
    return [
      {
        id,
        channelId: channel.id,
        dedupeKey: `${sourceEventId}:${channel.id}`,
        topic,
        complaintId,
        title: message.title,
        body: channel.kind === "sms" ? message.text : message.markdown,
        recipientEnc,
        mentions: message.mentions ?? [],
      },
    ];
  });
  if (data.length) await db.notificationDelivery.createMany({ data, skipDuplicates: true });
  return db.notificationDelivery.findMany({
    where: { dedupeKey: { startsWith: `${sourceEventId}:` }, status: "pending" },
    select: { id: true, channelId: true },
  });
}
