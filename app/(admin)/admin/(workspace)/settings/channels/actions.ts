"use server";

import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { resendDelivery, saveChannel, saveChannelSchema, sendTestMessage } from "@/lib/notify/manage-channels";

const PATH = "/admin/settings/channels";
const CONFIG_FIELDS = ["webhookUrl", "secret", "keyword", "driver", "url", "token"] as const;

/** The form's flat fields → the channel input (topics repeated, config.* grouped, checkbox → boolean). */
function channelInput(formData: FormData) {
  const flat = formObject(formData);
  const topics = flat.topics === undefined ? [] : ([] as unknown[]).concat(flat.topics);
  const config = Object.fromEntries(
    CONFIG_FIELDS.map((k) => [k, flat[`config.${k}`]]).filter(([, v]) => typeof v === "string"),
  );
  return {
    id: flat.id || undefined,
    kind: flat.kind,
    name: flat.name,
    enabled: flat.enabled === "on",
    topics,
    locale: flat.locale,
    config,
  };
}

export async function saveChannelAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.channels",
    schema: saveChannelSchema,
    input: channelInput(formData),
    revalidate: PATH,
    run: (actor, input) => saveChannel({ db, actor, input, keyring: appKeyring() }),
  });
}

export async function testChannelAction(_: FormState, formData: FormData): Promise<FormState> {
  const t = await getTranslations("admin.channels");
  const state = await runStaffAction({
    permission: "settings.channels",
    schema: z.object({ channelId: z.string().uuid(), recipient: z.string().trim().max(40).optional() }),
    input: { channelId: formData.get("channelId"), recipient: formData.get("recipient") || undefined },
    run: (actor, d) =>
      sendTestMessage({ db, actor, channelId: d.channelId, keyring: appKeyring(), recipient: d.recipient }),
  });
  if (!state.ok || !state.result) return { message: state.message, fieldErrors: state.fieldErrors };
  return state.result.ok
    ? { ok: true, message: t("testOk") }
    : { message: t("testFailed", { error: state.result.error }) };
}

export async function resendDeliveryAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.channels",
    schema: z.object({ deliveryId: z.string().uuid() }),
    input: { deliveryId: formData.get("deliveryId") },
    revalidate: PATH,
    successKey: "admin.channels.resent",
    run: (actor, d) => resendDelivery({ db, actor, deliveryId: d.deliveryId }),
  });
}
