import { z } from "zod";

/** Each channel kind's settings; stored as one encrypted JSON document per channel. */
const https = z.string().trim().url().max(500);

export const channelConfigSchemas = {
  wecom_robot: z.object({ webhookUrl: https }),
  dingtalk_robot: z.object({
    webhookUrl: https,
    secret: z.string().trim().max(200).optional(),
    keyword: z.string().trim().max(40).optional(),
  }),
  sms: z
    .object({ driver: z.enum(["log", "http"]), url: https.optional(), token: z.string().trim().max(500).optional() })
    .refine((c) => c.driver === "log" || c.url, { path: ["url"], message: "required" }),
  app_push: z.object({ url: https, secret: z.string().trim().min(16).max(200) }),
} as const;

export type ChannelKind = keyof typeof channelConfigSchemas;
export const CHANNEL_KINDS = [
  "wecom_robot",
  "dingtalk_robot",
  "sms",
  "app_push",
] as const satisfies readonly ChannelKind[];
export type ChannelConfig<K extends ChannelKind = ChannelKind> = z.infer<(typeof channelConfigSchemas)[K]>;

/** The settings with every secret masked, for showing to admins. */
export function maskConfig(config: Record<string, unknown>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== "string" || !value) continue;
    if (key === "secret" || key === "token") masked[key] = "••••" + value.slice(-2);
    else if (key === "webhookUrl" || key === "url")
      masked[key] = value.replace(/([?&](key|access_token)=)[^&]+/g, (_, prefix: string) => `${prefix}••••`);
    else masked[key] = value;
  }
  return masked;
}
