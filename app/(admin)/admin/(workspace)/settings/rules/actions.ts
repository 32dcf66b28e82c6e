"use server";

import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { formatYuan } from "@/lib/money";
import { ruleSetSchema } from "@/lib/triage/handling-rules";
import { rulesFormSchema } from "@/lib/triage/rule-form";
import { previewRules, saveRuleVersion, saveRulesSchema } from "@/lib/triage/rule-versions";
import { parseInput } from "@/lib/validation";

/**
 * A field error of the k-th rule kept reads "Rule n: …", n being the row it came from on the form
 * (rows unticked above it are not in the list), or "New rule: …" for the blank row.
 */
function withRows({
  fieldErrors,
  formData,
  t,
}: {
  fieldErrors: FormState["fieldErrors"];
  formData: FormData;
  t: Awaited<ReturnType<typeof getTranslations<"admin.rules">>>;
}) {
  if (!fieldErrors) return undefined;
  const fields = formObject(formData);
  const parsed = rulesFormSchema.safeParse(fields);
  const rows = parsed.success ? parsed.data.rows : [];
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([path, message]) => {
      const k = /^rules\.(\d+)/.exec(path);
      const row = k ? rows[Number(k[1])] : undefined;
      if (row === undefined) return [path, message];
      const label = fields[`r${row}.existing`] !== undefined ? t("rule", { n: row + 1 }) : t("newRuleShort");
      return [path, `${label}: ${message}`];
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
              // Parsed under `rules`, as a save is, so a refusal names its row either way.
              rules: parseInput(z.object({ rules: ruleSetSchema }), { rules: input.rules }).rules,
              keyring: appKeyring(),
            }),
          },
  });
  const t = await getTranslations("admin.rules");
  if (!state.ok || !state.result)
    return { message: state.message, fieldErrors: withRows({ fieldErrors: state.fieldErrors, formData, t }) };
  const { saved, preview } = state.result;
  if (saved) return { ok: true, message: t("saved", { version: saved.version }) };
  if (!preview) return { ok: true };
  const [locale, format] = [await getLocale(), await getFormatter()];
  const fired = Object.entries(preview.fired);
  const others = fired.length
    ? ` ${t("previewFired", { list: format.list(fired.map(([rule, count]) => t("previewFiredItem", { rule, count }))) })}`
    : "";
  return {
    ok: true,
    message: `${t("previewResult", {
      complaints: preview.complaints,
      amount: formatYuan(preview.amountFen, locale),
      read: format.number(preview.read),
      actualComplaints: preview.actual.complaints,
      actualAmount: formatYuan(preview.actual.amountFen, locale),
      capped: preview.capped ? "yes" : "no",
    })}${others}`,
  };
}
