import { decryptField, FieldIntegrityError, type Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import { getEnv } from "../env";
import { fillCustomerLink } from "./customer-link";
import { sendViaChannel } from "./channels/send-via-channel";
import type { OutgoingMessage, SendResult } from "./channels/send-result";

export class RetryableDeliveryError extends Error {}

type Send = typeof sendViaChannel;

/**
 * Sends one delivery through its channel. Sent → recorded; a failure worth retrying → recorded
 * and thrown (RetryableDeliveryError: Inngest retries the step with backoff); a final failure →
 * marked failed for admins to resend. An already-sent delivery is not sent again. A recipient or
 * channel setting that fails its integrity check (copied in from another row) is final: retrying
 * cannot fix it, and sending to it could reach someone else.
 *
 * A message to a customer is stored with a placeholder for their H5 link; the link is signed here,
 * for this send only (a retry signs a new one), so no working link is ever stored.
 */
export async function deliverNotification({
  db,
  deliveryId,
  keyring,
  send = sendViaChannel,
  link,
}: {
  db: Db;
  deliveryId: string;
  keyring: Keyring;
  send?: Send;
  link?: { appUrl: string; secret: string };
}) {
  const delivery = await db.notificationDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      status: true,
      title: true,
      body: true,
      complaintId: true,
      recipientEnc: true,
      mentions: true,
      channel: { select: { id: true, kind: true, configEnc: true, enabled: true } },
    },
  });
  if (!delivery || delivery.status === "sent") return { status: "sent" as const, already: true };
  let result: SendResult;
  try {
    const recipient = delivery.recipientEnc
      ? decryptField({
          sealed: delivery.recipientEnc,
          context: { column: "notification_deliveries.recipient_enc", row: delivery.id },
          keyring,
        })
      : null;
    const config = delivery.channel.enabled
      ? JSON.parse(
          decryptField({
            sealed: delivery.channel.configEnc,
            context: { column: "notification_channels.config_enc", row: delivery.channel.id },
            keyring,
          }),
        )
      : null;
    // Only messages to customers get a link: a robot message quoting a customer's text that
    // happens to contain the placeholder must not become a sign-in link in a staff group.
    const toCustomer = delivery.channel.kind === "sms" || delivery.channel.kind === "app_push";
    const body =
      delivery.channel.enabled && toCustomer
        ? await fillCustomerLink({
            db,
            body: delivery.body,
            complaintId: delivery.complaintId,
            via: delivery.channel.kind,
            link: link ?? { appUrl: getEnv().APP_URL, secret: getEnv().H5_LINK_SECRET },
          })
        : delivery.body;
    const message: OutgoingMessage = {
      title: delivery.title,
      markdown: body ?? "",
      text: (body ?? "").replace(/[#>*[\]]/g, "").replace(/\((https?:[^)]+)\)/g, " $1"),
      recipient,
      mentions: delivery.mentions,
    };
    result = !delivery.channel.enabled
      ? { ok: false, error: "channel disabled", retryable: false }
      : body === null
        ? { ok: false, error: "the complaint its link opens is gone", retryable: false }
        : await send({ kind: delivery.channel.kind, config, message });
  } catch (error) {
    if (!(error instanceof FieldIntegrityError)) throw error;
    result = { ok: false, error: `${error.column} failed its integrity check`, retryable: false };
  }
  if (result.ok) {
    await db.notificationDelivery.update({
      where: { id: deliveryId },
      data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
    });
    return { status: "sent" as const };
  }
  await db.notificationDelivery.update({
    where: { id: deliveryId },
    data: { attempts: { increment: 1 }, lastError: result.error, ...(result.retryable ? {} : { status: "failed" }) },
  });
  if (result.retryable) throw new RetryableDeliveryError(result.error);
  return { status: "failed" as const, error: result.error };
}

/** After the last retry: the delivery joins the failures admins can resend. */
export async function markDeliveryFailed({ db, deliveryId, error }: { db: Db; deliveryId: string; error: string }) {
  await db.notificationDelivery.updateMany({
    where: { id: deliveryId, status: "pending" },
    data: { status: "failed", lastError: error.slice(0, 500) },
  });
}
