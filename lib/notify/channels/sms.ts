import { redactLinkTokens } from "../customer-link";
import type { ChannelConfig } from "./channel-config";
import { postJson, type OutgoingMessage, type SendResult } from "./send-result";

/**
 * SMS through a provider: the `log` driver (default) writes the message to the server log, for
 * development and until a provider is contracted — with the token of any H5 link in it redacted:
 * server logs are read and shipped widely, and that token signs the customer in; the `http`
 * driver POSTs `{ to, text }` with a bearer token to the provider's (or a gateway's) URL.
 */
export async function sendSms({
  config,
  message,
  log = console,
}: {
  config: ChannelConfig<"sms">;
  message: OutgoingMessage;
  log?: Pick<Console, "info">;
}): Promise<SendResult> {
  if (!message.recipient) return { ok: false, error: "no recipient", retryable: false };
  if (config.driver === "log") {
    log.info(`[sms] to ${message.recipient.replace(/\d(?=\d{4})/g, "•")}: ${redactLinkTokens(message.text)}`);
    return { ok: true };
  }
  const result = await postJson(
    config.url!,
    { to: message.recipient, text: message.text },
    config.token ? { authorization: `Bearer ${config.token}` } : {},
  );
  return result.ok ? { ok: true } : result;
}
