import { createHmac } from "node:crypto";
import type { ChannelConfig } from "./channel-config";
import { postJson, type OutgoingMessage, type SendResult } from "./send-result";

/** App push: POST to the shop's push endpoint, signed like refund requests (hex HMAC of `${timestamp}.${body}`). */
export async function sendAppPush({
  config,
  message,
  now = Date.now(),
}: {
  config: ChannelConfig<"app_push">;
  message: OutgoingMessage;
  now?: number;
}): Promise<SendResult> {
  if (!message.recipient) return { ok: false, error: "no recipient", retryable: false };
  const body = { customerExternalId: message.recipient, title: message.title, body: message.text };
  const timestamp = String(now);
  const signature = createHmac("sha256", config.secret)
    .update(`${timestamp}.${JSON.stringify(body)}`)
    .digest("hex");
  const result = await postJson(config.url, body, { "x-kesu-timestamp": timestamp, "x-kesu-signature": signature });
  return result.ok ? { ok: true } : result;
}
