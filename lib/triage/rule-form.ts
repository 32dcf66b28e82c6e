import { z } from "zod";
import { parseYuanToFen } from "../money";

// The schema's cap on rules; the page offers no blank row once a version has this many.
export const MAX_RULE_ROWS = 50;

const list = (value: unknown) => (value === undefined ? [] : ([] as unknown[]).concat(value));

// A field left empty is no condition; one that is not a number is left for the schema to refuse.
const optionalNumber = (value: unknown) => {
  const text = String(value ?? "").trim();
  if (text === "") return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : -1;
};
const optionalFen = (value: unknown) => {
  const text = String(value ?? "").trim();
  if (text === "") return undefined;
  return parseYuanToFen(text) ?? -1;
};

/** A row's action from its action select and the parameter fields that action reads. */
function actionFromForm(field: (name: string) => unknown) {
  const type = String(field("action") ?? "refund_order");
  switch (type) {
    case "offer_coupon":
      return {
        type,
        amountFen: optionalFen(field("couponYuan")) ?? -1,
        validDays: optionalNumber(field("validDays")) ?? -1,
      };
    case "offer_points":
      return { type, points: optionalNumber(field("points")) ?? -1 };
    case "set_priority":
      return { type, priority: field("priority") };
    case "route_to_group":
      return { type, group: field("group") };
    case "reply_template":
      return { type, template: field("template") };
    default:
      return { type };
  }
}

/**
 * The rules editor's form (the /admin/settings/rules page) as the rule list saveRuleVersion and
 * previewRules take. Row i's fields are `r<i>.<field>`: code; the conditions — categories,
 * orderStatuses, tiers, textSignals (checkboxes; none ticked: any), atLeastYuan / belowYuan (an
 * amount band), minRecentComplaints, maxLastCsat, minHoursSinceDelivery / maxHoursSinceDelivery
 * (empty: no condition); the action and its parameters (couponYuan, validDays, points, priority,
 * group, template); for a rule already in force `r<i>.existing` and its `r<i>.keep` checkbox. A
 * rule in force is kept only while ticked (a browser sends nothing for an unticked box); the blank
 * row for a new rule once it has a code. `rows` says which form row each kept rule came from, so a
 * field error (`rules.<k>.…`) names the right row.
 */
function rulesFromForm(fields: Record<string, unknown>) {
  const rules: unknown[] = [];
  const rows: number[] = [];
  for (let i = 0; i < MAX_RULE_ROWS; i += 1) {
    const field = (name: string) => fields[`r${i}.${name}`];
    const code = field("code");
    if (code === undefined) continue;
    const kept = field("existing") !== undefined ? field("keep") === "on" : String(code).trim() !== "";
    if (!kept) continue;
    rows.push(i);
    const optionalList = (name: string) => {
      const values = list(field(name));
      return values.length ? values : undefined;
    };
    const when = {
      categories: list(field("categories")),
      orderStatuses: optionalList("orderStatuses"),
      belowOrderAmountFen: optionalFen(field("belowYuan")),
      atLeastOrderAmountFen: optionalFen(field("atLeastYuan")),
      tiers: optionalList("tiers"),
      textSignals: optionalList("textSignals"),
      minRecentComplaints: optionalNumber(field("minRecentComplaints")),
      maxLastCsat: optionalNumber(field("maxLastCsat")),
      minHoursSinceDelivery: optionalNumber(field("minHoursSinceDelivery")),
      maxHoursSinceDelivery: optionalNumber(field("maxHoursSinceDelivery")),
    };
    rules.push({
      code: String(code).trim(),
      // Conditions left empty are left out (JSON has no undefined), as a stored version has them.
      when: Object.fromEntries(Object.entries(when).filter(([, value]) => value !== undefined)),
      then: actionFromForm(field),
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
