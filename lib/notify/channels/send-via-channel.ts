import { sendAppPush } from "./app-push";
import { channelConfigSchemas, type ChannelKind } from "./channel-config";
import { sendDingtalk } from "./dingtalk-robot";
import type { OutgoingMessage, SendResult } from "./send-result";
import { sendSms } from "./sms";
import { sendWecom } from "./wecom-robot";

/** The one switch over channel kinds: checks the stored settings, then calls the adapter. */
export async function sendViaChannel({ kind, config, message }: { kind: ChannelKind; config: unknown; message: OutgoingMessage }): Promise<SendResult> {
  const parsed = channelConfigSchemas[kind].safeParse(config);
  if (!parsed.success) return { ok: false, error: "channel settings are invalid", retryable: false };
  switch (kind) {
    case "wecom_robot":
      return sendWecom({ config: parsed.data as never, message });
    case "dingtalk_robot":
      return sendDingtalk({ config: parsed.data as never, message });
    case "sms":
      return sendSms({ config: parsed.data as never, message });
    case "app_push":
      return sendAppPush({ config: parsed.data as never, message });
  }
}
