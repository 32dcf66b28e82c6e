import { randomUUID } from "node:crypto";
import { encryptField, type Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../i18n/config";
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
  // A transaction may plan them with the change they announce.
  db: Pick<Db, "notificationChannel" | "notificationDelivery">;
  topic: Topic;
  kinds: ChannelKind[];
  sourceEventId: string;
  complaintId: string | null;
  /** Written per channel in its language (ops groups' robots); a customer's message is already in theirs. */
  message: OutgoingMessage | ((channelLocale: Locale) => OutgoingMessage);
  // The recipient a customer channel needs (phone for SMS, the shop's customer id for push).
  recipientFor?: (kind: ChannelKind) => string | null;
  keyring?: Keyring;
}) {
  const channels = await db.notificationChannel.findMany({
    where: { enabled: true, topics: { has: topic }, kind: { in: kinds } },
    select: { id: true, kind: true, locale: true },
  });
  const rendered = new Map<Locale, OutgoingMessage>();
  const messageFor = (locale: Locale) => {
    if (typeof message !== "function") return message;
    if (!rendered.has(locale)) rendered.set(locale, message(locale));
    return rendered.get(locale)!;
  };
  const data = channels.flatMap((channel) => {
    const recipient = recipientFor?.(channel.kind) ?? null;
    if (recipientFor && !recipient) return [];
    // The id is chosen here: the recipient is bound to it (a planned duplicate is skipped whole).
    const id = randomUUID();
    const text = messageFor(isLocale(channel.locale) ? channel.locale : DEFAULT_LOCALE);
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
        title: text.title,
        body: channel.kind === "sms" ? text.text : text.markdown,
        recipientEnc,
        mentions: text.mentions ?? [],
      },
    ];
  });
  if (data.length) await db.notificationDelivery.createMany({ data, skipDuplicates: true });
  return db.notificationDelivery.findMany({
    where: { dedupeKey: { startsWith: `${sourceEventId}:` }, status: "pending" },
    select: { id: true, channelId: true },
  });
}
