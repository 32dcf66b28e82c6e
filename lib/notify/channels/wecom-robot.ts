import type { ChannelConfig } from "./channel-config";
import { postJson, truncateUtf8, type OutgoingMessage, type SendResult } from "./send-result";

export const WECOM_MARKDOWN_MAX_BYTES = 4096;

/** WeCom group robot: markdown ≤ 4096 bytes; HTTP 200 with errcode ≠ 0 is a failure (93000 = bad key). */
export async function sendWecom({
  config,
  message,
  timeoutMs,
}: {
  config: ChannelConfig<"wecom_robot">;
  message: OutgoingMessage;
  timeoutMs?: number;
}): Promise<SendResult> {
  // WeCom markdown @-mentions a member with <@userid>; kept inside the 4096 bytes.
  const mentions = (message.mentions ?? []).map((id) => `<@${id}>`).join(" ");
  const content = mentions
    ? `${truncateUtf8(message.markdown, WECOM_MARKDOWN_MAX_BYTES - Buffer.byteLength(mentions) - 1)}\n${mentions}`
    : truncateUtf8(message.markdown, WECOM_MARKDOWN_MAX_BYTES);
  const result = await postJson(config.webhookUrl, { msgtype: "markdown", markdown: { content } }, {}, timeoutMs);
  if (!result.ok) return result;
  const { errcode, errmsg } = (result.json ?? {}) as { errcode?: number; errmsg?: string };
  if (errcode === 0) return { ok: true };
  // 45009: over the 20-per-minute limit — worth retrying later; anything else is configuration.
  return {
    ok: false,
    error: `errcode ${errcode ?? "?"}: ${errmsg ?? "no answer"}`,
    retryable: errcode === 45009 || errcode === -1,
  };
}
