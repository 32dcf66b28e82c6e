import { z } from "zod";
import { LOCALES } from "../i18n/config";
import { parseYuanToFen } from "../money";
import { FORM_TARGET } from "./form-variants";
import { ARM_KEYS, MAX_VARIANTS } from "./manage-experiments";

const list = (value: unknown) => (value === undefined ? [] : ([] as unknown[]).concat(value));

// A number field left empty or not a number is left for the schema to refuse (NaN is not an int).
const numberField = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN);

/**
 * The new-experiment form (/admin/experiments) as createExperiment takes it. Variant row i (from 1):
 * for a reply template its texts `v<i>.zh-CN`, `v<i>.en`, `v<i>.es`; for a compensation offer
 * `v<i>.offerType` with `v<i>.couponYuan` and `v<i>.validDays`, or `v<i>.points`; for the H5 form
 * `v<i>.layout` (the type picker drawn flat); for an SLA policy `v<i>.firstResponseMinutes` and
 * `v<i>.resolutionPlanMinutes`. A row with none
 * of them filled is no variant. The target is `target` (a template), `targetRule` (an offer rule),
 * `targetPriority` (an SLA policy), or the form's type picker.
 * Regions are typed as a list (commas, 、 or spaces). `rows` says which form row each variant
 * came from, so a field error (`variants.<k>.…`) names the right one.
 */
export const experimentFormSchema = z.preprocess(
  (value) => {
    const fields = (value ?? {}) as Record<string, unknown>;
    const offers = fields.variable === "compensation_offer";
    const form = fields.variable === "h5_form";
    const sla = fields.variable === "sla_policy";
    const variants: unknown[] = [];
    const rows: number[] = [];
    for (let i = 1; i <= MAX_VARIANTS; i += 1) {
      const text = (name: string) => String(fields[`v${i}.${name}`] ?? "").trim();
      if (sla) {
        if (!text("firstResponseMinutes") && !text("resolutionPlanMinutes")) continue;
        variants.push({
          key: ARM_KEYS[i],
          sla: {
            firstResponseMinutes: numberField(text("firstResponseMinutes")),
            resolutionPlanMinutes: numberField(text("resolutionPlanMinutes")),
          },
        });
      } else if (form) {
        if (!text("layout")) continue;
        variants.push({ key: ARM_KEYS[i], form: text("layout") });
      } else if (offers) {
        if (!text("couponYuan") && !text("points")) continue;
        variants.push({
          key: ARM_KEYS[i],
          offer:
            text("offerType") === "offer_points"
              ? { type: "offer_points", points: numberField(text("points")) }
              : {
                  type: "offer_coupon",
                  amountFen: parseYuanToFen(text("couponYuan")) ?? -1,
                  validDays: numberField(text("validDays")),
                },
        });
      } else {
        const bodies = Object.fromEntries(LOCALES.map((locale) => [locale, String(fields[`v${i}.${locale}`] ?? "")]));
        if (Object.values(bodies).every((body) => body.trim() === "")) continue;
        variants.push({ key: ARM_KEYS[i], bodies });
      }
      rows.push(i);
    }
    return {
      experiment: {
        name: fields.name ?? "",
        variable: fields.variable,
        // A template for a reply experiment, a handling rule for an offer experiment.
        target: (offers ? fields.targetRule : form ? FORM_TARGET : sla ? fields.targetPriority : fields.target) ?? "",
        metric: fields.metric,
        sharePercent: numberField(fields.sharePercent),
        tiers: list(fields.tiers),
        regions: String(fields.regions ?? "")
          .split(/[\s,，、]+/)
          .filter(Boolean),
        categories: list(fields.categories),
        minSamplePerArm: numberField(fields.minSamplePerArm),
        variants,
      },
      rows,
    };
  },
  // The experiment itself is parsed by experimentSchema in the action, so its errors keep their paths.
  z.object({ experiment: z.unknown(), rows: z.array(z.number()) }),
);
