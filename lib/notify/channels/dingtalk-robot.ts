import { createHmac } from "node:crypto";
import type { ChannelConfig } from "./channel-config";
import { postJson, type OutgoingMessage, type SendResult } from "./send-result";

/** DingTalk's signature: base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`)), URL-encoded once. */
export function dingtalkSign({ secret, timestamp }: { secret: string; timestamp: number }): string {
  return encodeURIComponent(createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64"));
}

/** DingTalk custom robot: markdown, optionally signed and with a required keyword; errcode ≠ 0 is a failure. */
export async function sendDingtalk({
  config,
  message,
  now = Date.now(),
  timeoutMs,
}: {
  config: ChannelConfig<"dingtalk_robot">;
  message: OutgoingMessage;
  now?: number;
  timeoutMs?: number;
}): Promise<SendResult> {
  const url = new URL(config.webhookUrl);
  let target = url.toString();
  if (config.secret)
    target += `${url.search ? "&" : "?"}timestamp=${now}&sign=${dingtalkSign({ secret: config.secret, timestamp: now })}`;
  // A robot with a keyword rule drops messages without it (errcode 310000).
  const withKeyword =
    config.keyword && !message.markdown.includes(config.keyword)
      ? `${message.markdown}\n\n${config.keyword}`
      : message.markdown;
  // DingTalk @-mentions need both the ids in `at` and "@id" in the text.
  const mentions = message.mentions ?? [];
  const text = mentions.length ? `${withKeyword}\n\n${mentions.map((id) => `@${id}`).join(" ")}` : withKeyword;
  const result = await postJson(
    target,
    {
      msgtype: "markdown",
      markdown: { title: message.title, text },
      ...(mentions.length ? { at: { atUserIds: mentions } } : {}),
    },
    {},
    timeoutMs,
  );
  if (!result.ok) return result;
  const { errcode, errmsg } = (result.json ?? {}) as { errcode?: number; errmsg?: string };
  if (errcode === 0) return { ok: true };
  // 130101: sending too fast — retry later; 310000 (keyword/sign/timestamp) and others are configuration.
  return {
    ok: false,
    error: `errcode ${errcode ?? "?"}: ${errmsg ?? "no answer"}`,
    retryable: errcode === 130101 || errcode === -1,
  };
}
