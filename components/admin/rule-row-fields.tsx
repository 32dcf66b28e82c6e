import { useTranslations } from "next-intl";
import { TIERS } from "@/lib/complaints/vocabulary/terms";
import type { HandlingRule } from "@/lib/triage/handling-rules";
import { CategoryCheckboxes, CheckboxGroup } from "./checkbox-group";

const box = "rounded border border-gray-300 px-2 py-1";
// The statuses a refund rule may name (the rules schema refuses the others).
const STATUSES = ["paid", "shipped", "delivered"] as const;

/** One refund rule's fields (row `index` of the rules form); without `rule`, the blank row for a new one. */
export function RuleRowFields({ index, rule }: { index: number; rule?: HandlingRule }) {
  const t = useTranslations("admin.rules");
  const name = (field: string) => `r${index}.${field}`;
  return (
    <fieldset className="space-y-2 rounded-lg bg-white p-3 shadow" data-testid="rule-row">
      <legend className="px-1 font-medium">{rule ? t("rule", { n: index + 1 }) : t("newRule")}</legend>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          {t("code")}
          <input name={name("code")} defaultValue={rule?.code} maxLength={48} className={box} />
        </label>
        <label className="flex flex-col">
          {t("belowYuan")}
          <input
            name={name("belowYuan")}
            inputMode="decimal"
            defaultValue={rule ? (rule.when.belowOrderAmountFen / 100).toFixed(2) : ""}
            className={`${box} w-28`}
          />
        </label>
        {rule ? (
          <label className="flex items-center gap-1">
            <input type="hidden" name={name("existing")} value="1" />
            <input type="checkbox" name={name("keep")} defaultChecked />
            {t("keep")}
          </label>
        ) : null}
      </div>
      <CategoryCheckboxes legend={t("categories")} name={name("categories")} checked={rule?.when.categories} />
      <div className="flex flex-wrap gap-6">
        <CheckboxGroup
          legend={t("orderStatuses")}
          name={name("orderStatuses")}
          options={STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) }))}
          checked={rule?.when.orderStatuses}
        />
        <CheckboxGroup
          legend={t("tiers")}
          name={name("tiers")}
          options={TIERS.map((tier) => ({ value: tier, label: t(`tierNames.${tier}`) }))}
          checked={rule?.when.tiers}
        />
      </div>
      <p className="text-xs text-gray-500">{t("action")}</p>
    </fieldset>
  );
}
