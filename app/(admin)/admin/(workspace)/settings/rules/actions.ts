"use server";

import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { formatYuan } from "@/lib/money";
import { ruleSetSchema } from "@/lib/triage/handling-rules";
import { rulesFormSchema } from "@/lib/triage/rule-form";
import { previewRules, saveRuleVersion, saveRulesSchema } from "@/lib/triage/rule-versions";
import { parseInput } from "@/lib/validation";

/** A field error of rule row i reads "Rule i+1: …" (the form has one row per rule). */
function withRows(fieldErrors: FormState["fieldErrors"], t: (key: "rule", values: { n: number }) => string) {
  if (!fieldErrors) return undefined;
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([path, message]) => {
      const row = /^rules\.(\d+)/.exec(path);
      return [path, row ? `${t("rule", { n: Number(row[1]) + 1 })}: ${message}` : message];
    }),
  );
}

/** One form, two buttons: preview what the rules would have refunded, or save them as the version in force. */
export async function rulesAction(_: FormState, formData: FormData): Promise<FormState> {
  const state = await runStaffAction({
    permission: "settings.rules",
    schema: rulesFormSchema,
    input: formObject(formData),
    revalidate: "/admin/settings/rules",
    run: async (actor, input) =>
      input.intent === "save"
        ? { saved: await saveRuleVersion({ db, actor, input: parseInput(saveRulesSchema, input) }) }
        : {
            preview: await previewRules({
              db,
              actor,
              rules: parseInput(ruleSetSchema, input.rules),
              keyring: appKeyring(),
            }),
          },
  });
  const t = await getTranslations("admin.rules");
  if (!state.ok || !state.result) return { message: state.message, fieldErrors: withRows(state.fieldErrors, t) };
  const { saved, preview } = state.result;
  if (saved) return { ok: true, message: t("saved", { version: saved.version }) };
  if (!preview) return { ok: true };
  const [locale, format] = [await getLocale(), await getFormatter()];
  return {
    ok: true,
    message: t("previewResult", {
      complaints: preview.complaints,
      amount: formatYuan(preview.amountFen, locale),
      read: format.number(preview.read),
      capped: preview.capped ? "yes" : "no",
    }),
  };
}
