import { useTranslations } from "next-intl";
import { ORDER_STATUSES, PRIORITIES, TIERS } from "@/lib/complaints/vocabulary/terms";
import { RULE_ACTIONS, type HandlingRule } from "@/lib/triage/handling-rules";
import { TEXT_SIGNALS } from "@/lib/triage/text-urgency";
import { CategoryCheckboxes, CheckboxGroup } from "./checkbox-group";

const box = "rounded border border-gray-300 px-2 py-1";
const yuan = (fen: number | undefined) => (fen === undefined ? "" : (fen / 100).toFixed(2));

export type RuleOptions = {
  groups: { code: string; name: string }[];
  templates: { code: string; title: string }[];
};

/**
 * One rule's fields (row `index` of the rules form); without `rule`, the blank row for a new one.
 * Conditions left empty are no condition; the action's parameters are read for the action chosen.
 */
export function RuleRowFields({ index, rule, options }: { index: number; rule?: HandlingRule; options: RuleOptions }) {
  const t = useTranslations("admin.rules");
  const all = useTranslations();
  const name = (field: string) => `r${index}.${field}`;
  const when = rule?.when;
  const then = rule?.then;
  const number = (field: string, label: string, value: number | undefined, props: { min: number; max: number }) => (
    <label className="flex flex-col">
      {label}
      <input name={name(field)} type="number" {...props} defaultValue={value ?? ""} className={`${box} w-28`} />
    </label>
  );
  return (
    <fieldset className="space-y-2 rounded-lg bg-white p-3 shadow" data-testid="rule-row">
      <legend className="px-1 font-medium">{rule ? t("rule", { n: index + 1 }) : t("newRule")}</legend>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          {t("code")}
          <input name={name("code")} defaultValue={rule?.code} maxLength={48} className={box} />
        </label>
        {rule ? (
          <label className="flex items-center gap-1">
            <input type="hidden" name={name("existing")} value="1" />
            <input type="checkbox" name={name("keep")} defaultChecked />
            {t("keep")}
          </label>
        ) : null}
      </div>
      <p className="font-medium text-gray-700">{t("when")}</p>
      <CategoryCheckboxes legend={t("categories")} name={name("categories")} checked={when?.categories} />
      <div className="flex flex-wrap gap-6">
        <CheckboxGroup
          legend={t("orderStatuses")}
          name={name("orderStatuses")}
          options={ORDER_STATUSES.map((status) => ({ value: status, label: all(`admin.rules.statuses.${status}`) }))}
          checked={when?.orderStatuses}
        />
        <CheckboxGroup
          legend={t("tiers")}
          name={name("tiers")}
          options={TIERS.map((tier) => ({ value: tier, label: t(`tierNames.${tier}`) }))}
          checked={when?.tiers}
        />
      </div>
      <CheckboxGroup
        legend={t("textSignals")}
        name={name("textSignals")}
        options={TEXT_SIGNALS.map((signal) => ({ value: signal, label: all(`triageReasons.${signal}`) }))}
        checked={when?.textSignals}
      />
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          {t("atLeastYuan")}
          <input
            name={name("atLeastYuan")}
            inputMode="decimal"
            defaultValue={yuan(when?.atLeastOrderAmountFen)}
            className={`${box} w-28`}
          />
        </label>
        <label className="flex flex-col">
          {t("belowYuan")}
          <input
            name={name("belowYuan")}
            inputMode="decimal"
            defaultValue={yuan(when?.belowOrderAmountFen)}
            className={`${box} w-28`}
          />
        </label>
        {number("minRecentComplaints", t("minRecentComplaints"), when?.minRecentComplaints, { min: 1, max: 50 })}
        {number("maxLastCsat", t("maxLastCsat"), when?.maxLastCsat, { min: 1, max: 5 })}
        {number("minHoursSinceDelivery", t("minHoursSinceDelivery"), when?.minHoursSinceDelivery, { min: 0, max: 720 })}
        {number("maxHoursSinceDelivery", t("maxHoursSinceDelivery"), when?.maxHoursSinceDelivery, { min: 1, max: 720 })}
      </div>
      <p className="font-medium text-gray-700">{t("then")}</p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          {t("actionLabel")}
          <select name={name("action")} defaultValue={then?.type ?? "refund_order"} className={box}>
            {RULE_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`actions.${action}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("couponYuan")}
          <input
            name={name("couponYuan")}
            inputMode="decimal"
            defaultValue={then?.type === "offer_coupon" ? yuan(then.amountFen) : ""}
            className={`${box} w-24`}
          />
        </label>
        {number("validDays", t("validDays"), then?.type === "offer_coupon" ? then.validDays : undefined, {
          min: 1,
          max: 90,
        })}
        {number("points", t("points"), then?.type === "offer_points" ? then.points : undefined, { min: 1, max: 5000 })}
        <label className="flex flex-col">
          {t("priority")}
          <select
            name={name("priority")}
            defaultValue={then?.type === "set_priority" ? then.priority : "high"}
            className={box}
          >
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {all(`priority.${priority}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("group")}
          <select name={name("group")} defaultValue={then?.type === "route_to_group" ? then.group : ""} className={box}>
            <option value="">—</option>
            {options.groups.map((group) => (
              <option key={group.code} value={group.code}>
                {group.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("template")}
          <select
            name={name("template")}
            defaultValue={then?.type === "reply_template" ? then.template : ""}
            className={box}
          >
            <option value="">—</option>
            {options.templates.map((template) => (
              <option key={template.code} value={template.code}>
                {template.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="text-xs text-gray-500">{t("actionHint")}</p>
    </fieldset>
  );
}
