import { sendAppPush } from "./app-push";
import { channelConfigSchemas, type ChannelKind } from "./channel-config";
import { sendDingtalk } from "./dingtalk-robot";
import type { OutgoingMessage, SendResult } from "./send-result";
import { sendSms } from "./sms";
import { sendWecom } from "./wecom-robot";

/** The one switch over channel kinds: checks the stored settings, then calls the adapter. */
export async function sendViaChannel({
  kind,
  config,
  message,
}: {
  kind: ChannelKind;
  config: unknown;
  message: OutgoingMessage;
}): Promise<SendResult> {
  const invalid: SendResult = { ok: false, error: "channel settings are invalid", retryable: false };
  // Parsed per case, so each adapter receives its own kind's settings type.
  switch (kind) {
    case "wecom_robot": {
      const parsed = channelConfigSchemas.wecom_robot.safeParse(config);
      return parsed.success ? sendWecom({ config: parsed.data, message }) : invalid;
    }
    case "dingtalk_robot": {
      const parsed = channelConfigSchemas.dingtalk_robot.safeParse(config);
      return parsed.success ? sendDingtalk({ config: parsed.data, message }) : invalid;
    }
    case "sms": {
      const parsed = channelConfigSchemas.sms.safeParse(config);
      return parsed.success ? sendSms({ config: parsed.data, message }) : invalid;
    }
    case "app_push": {
      const parsed = channelConfigSchemas.app_push.safeParse(config);
      return parsed.success ? sendAppPush({ config: parsed.data, message }) : invalid;
    }
  }
}
