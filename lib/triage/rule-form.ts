import { z } from "zod";
import { parseYuanToFen } from "../money";

/**
 * The rules editor's form (the /admin/settings/rules page) as the rule list saveRuleVersion and
 * previewRules take: row i's fields are `r<i>.code`, `r<i>.categories`, `r<i>.orderStatuses`,
 * `r<i>.belowYuan`, `r<i>.tiers` (none ticked: every tier) and `r<i>.keep`. A row is kept when
 * ticked, or — the blank row for a new rule — when it has a code. Field errors come back with the
 * rules schema's paths (`rules.<i>.…`), which the form maps onto its rows.
 */
const MAX_ROWS = 50;

const list = (value: unknown) => (value === undefined ? [] : ([] as unknown[]).concat(value));

function rulesFromForm(fields: Record<string, unknown>) {
  const rules: unknown[] = [];
  for (let i = 0; i < MAX_ROWS; i += 1) {
    const code = fields[`r${i}.code`];
    if (code === undefined) continue;
    const kept = fields[`r${i}.keep`] === "on" || (fields[`r${i}.keep`] === undefined && String(code).trim() !== "");
    if (!kept) continue;
    const yuan = String(fields[`r${i}.belowYuan`] ?? "");
    const tiers = list(fields[`r${i}.tiers`]);
    rules.push({
      code: String(code).trim(),
      when: {
        categories: list(fields[`r${i}.categories`]),
        orderStatuses: list(fields[`r${i}.orderStatuses`]),
        // An amount that is not money is left for the schema to refuse (-1 is below its minimum).
        belowOrderAmountFen: parseYuanToFen(yuan) ?? -1,
        ...(tiers.length ? { tiers } : {}),
      },
      then: { type: "refund_order" },
    });
  }
  return rules;
}

/** The editor's submission: preview or save, the rule rows, and the note a saved version carries. */
export const rulesFormSchema = z.preprocess(
  (value) => {
    const fields = (value ?? {}) as Record<string, unknown>;
    return { intent: fields.intent, note: fields.note ?? "", rules: rulesFromForm(fields) };
  },
  z.object({ intent: z.enum(["preview", "save"]), note: z.string(), rules: z.unknown() }),
);
