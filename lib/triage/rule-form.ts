import { z } from "zod";
import { parseYuanToFen } from "../money";

// The schema's cap on rules; the page offers no blank row once a version has this many.
export const MAX_RULE_ROWS = 50;

const list = (value: unknown) => (value === undefined ? [] : ([] as unknown[]).concat(value));

/**
 * The rules editor's form (the /admin/settings/rules page) as the rule list saveRuleVersion and
 * previewRules take: row i's fields are `r<i>.code`, `r<i>.categories`, `r<i>.orderStatuses`,
 * `r<i>.belowYuan`, `r<i>.tiers` (none ticked: every tier), and for a rule already in force
 * `r<i>.existing` and its `r<i>.keep` checkbox. A rule in force is kept only while ticked (a browser
 * sends nothing for an unticked box); the blank row for a new rule once it has a code. `rows` says
 * which form row each kept rule came from, so a field error (`rules.<k>.…`) names the right row.
 */
function rulesFromForm(fields: Record<string, unknown>) {
  const rules: unknown[] = [];
  const rows: number[] = [];
  for (let i = 0; i < MAX_RULE_ROWS; i += 1) {
    const code = fields[`r${i}.code`];
    if (code === undefined) continue;
    const kept = fields[`r${i}.existing`] !== undefined ? fields[`r${i}.keep`] === "on" : String(code).trim() !== "";
    if (!kept) continue;
    rows.push(i);
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
  return { rules, rows };
}

/** The editor's submission: preview or save, the rule rows, and the note a saved version carries. */
export const rulesFormSchema = z.preprocess(
  (value) => {
    const fields = (value ?? {}) as Record<string, unknown>;
    const { rules, rows } = rulesFromForm(fields);
    return { intent: fields.intent, note: fields.note ?? "", basedOn: fields.basedOn, rules, rows };
  },
  z.object({
    intent: z.enum(["preview", "save"]),
    note: z.string(),
    // The version the form was drawn from: a save over a colleague's newer version is refused.
    basedOn: z.coerce.number().int().min(0),
    rules: z.unknown(),
    rows: z.array(z.number()),
  }),
);
