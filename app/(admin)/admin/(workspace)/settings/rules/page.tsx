import { Fragment } from "react";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { RuleRowFields } from "@/components/admin/rule-row-fields";
import { RulesEditor } from "@/components/admin/rules-editor";
import { SettingsTabs } from "@/components/admin/settings-tabs";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { MAX_RULE_ROWS } from "@/lib/triage/rule-form";
import { ruleSentence } from "@/lib/triage/rule-text";
import { listRuleTargets, listRuleVersions } from "@/lib/triage/rule-versions";
import { groupName } from "@/lib/staff/handling-groups";
import { rulesAction } from "./actions";

/** The handling rules: the version in force, its history, and (admins) the editor for the next one. */
export default async function RulesPage() {
  const actor = await requireStaffPage("page.rules", "/admin/settings/rules");
  const locale = await getLocale();
  const [versions, t, format, { groups, templates }] = await Promise.all([
    listRuleVersions({ db, actor }),
    getTranslations("admin.rules"),
    getFormatter(),
    listRuleTargets({ db, actor, locale }),
  ]);
  const inForce = versions.find((v) => v.inForce);
  const options = {
    groups: groups.map((g) => ({ code: g.code, name: groupName({ ...g, locale }) })),
    templates,
  };
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
            <li key={rule.code}>{ruleSentence({ rule, locale, names: options })}</li>
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
              <RuleRowFields key={rule.code} index={index} rule={rule} options={options} />
            ))}
            {(inForce?.rules.length ?? 0) < MAX_RULE_ROWS ? (
              <RuleRowFields index={inForce?.rules.length ?? 0} options={options} />
            ) : null}
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
