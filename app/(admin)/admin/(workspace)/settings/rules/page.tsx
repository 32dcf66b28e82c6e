import { Fragment } from "react";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { RuleRowFields } from "@/components/admin/rule-row-fields";
import { RulesEditor } from "@/components/admin/rules-editor";
import { SettingsTabs } from "@/components/admin/settings-tabs";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import { db } from "@/lib/db";
import { formatYuan } from "@/lib/money";
import { MAX_RULE_ROWS } from "@/lib/triage/rule-form";
import { listRuleVersions } from "@/lib/triage/rule-versions";
import { rulesAction } from "./actions";

/** The handling rules: the version in force, its history, and (admins) the editor for the next one. */
export default async function RulesPage() {
  const actor = await requireStaffPage("page.rules", "/admin/settings/rules");
  const [versions, t, all, format, locale] = await Promise.all([
    listRuleVersions({ db, actor }),
    getTranslations("admin.rules"),
    getTranslations(),
    getFormatter(),
    getLocale(),
  ]);
  const inForce = versions.find((v) => v.inForce);
  return (
    <section className="space-y-4">
      <SettingsTabs current="rules" role={actor.role} />
      <div>
        <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
      </div>
      <div className="rounded-lg bg-white p-3 text-sm shadow" data-testid="rules-in-force">
        <p className="font-medium">{inForce ? t("inForce", { version: inForce.version }) : t("noneInForce")}</p>
        <ul className="mt-1 list-disc pl-5">
          {inForce?.rules.map((rule) => (
            <li key={rule.code}>
              {t("ruleSentence", {
                code: rule.code,
                categories: format.list(rule.when.categories.map((c) => all(categoryKey(c)))),
                statuses: format.list(rule.when.orderStatuses.map((s) => t(`statuses.${s}`))),
                below: formatYuan(rule.when.belowOrderAmountFen, locale),
                tiers: rule.when.tiers
                  ? format.list(rule.when.tiers.map((tier) => t(`tierNames.${tier}`)))
                  : t("allTiers"),
              })}
            </li>
          ))}
        </ul>
        {inForce?.rules.length === 0 ? <p className="text-gray-500">{t("noRules")}</p> : null}
      </div>
      {can(actor.role, "settings.rules") ? (
        <RulesEditor action={rulesAction}>
          {/* Keyed by the version: once a save puts a new one in force, the fields start from it
              afresh (the editor itself stays, with its message). */}
          <Fragment key={inForce?.version ?? 0}>
            <input type="hidden" name="basedOn" value={inForce?.version ?? 0} />
            {(inForce?.rules ?? []).map((rule, index) => (
              <RuleRowFields key={rule.code} index={index} rule={rule} />
            ))}
            {(inForce?.rules.length ?? 0) < MAX_RULE_ROWS ? <RuleRowFields index={inForce?.rules.length ?? 0} /> : null}
            <label className="flex flex-col">
              {t("note")}
              <input name="note" maxLength={200} className="rounded border border-gray-300 px-2 py-1" />
            </label>
          </Fragment>
        </RulesEditor>
      ) : null}
      <div>
        <h2 className="mb-1 text-lg font-semibold">{t("history")}</h2>
        <ul className="divide-y divide-gray-100 rounded-lg bg-white text-sm shadow" data-testid="rule-versions">
          {versions.map((v) => (
            <li key={v.version} className="p-3">
              {t("versionLine", {
                version: v.version,
                rules: v.rules.length,
                by: v.createdBy ?? t("builtIn"),
                at: v.activatedAt ? format.dateTime(v.activatedAt, { dateStyle: "short", timeStyle: "short" }) : "—",
              })}
              {v.inForce ? ` · ${t("current")}` : ""}
              {v.note ? <span className="block text-xs text-gray-600">{v.note}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
