import { z } from "zod";
import { LOCALES } from "../i18n/config";
import { MAX_VARIANTS } from "./manage-experiments";

const list = (value: unknown) => (value === undefined ? [] : ([] as unknown[]).concat(value));

// A number field left empty or not a number is left for the schema to refuse (NaN is not an int).
const numberField = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN);

/**
 * The new-experiment form (/admin/experiments) as createExperiment takes it: variant row i's texts
 * are `v<i>.zh-CN`, `v<i>.en`, `v<i>.es` (i from 1); a row with no text at all is no variant.
 * Regions are typed as a list (commas, 、 or spaces). `rows` says which form row each variant
 * came from, so a field error (`variants.<k>.…`) names the right one.
 */
export const experimentFormSchema = z.preprocess(
  (value) => {
    const fields = (value ?? {}) as Record<string, unknown>;
    const variants: unknown[] = [];
    const rows: number[] = [];
    for (let i = 1; i <= MAX_VARIANTS; i += 1) {
      const bodies = Object.fromEntries(LOCALES.map((locale) => [locale, String(fields[`v${i}.${locale}`] ?? "")]));
      if (Object.values(bodies).every((body) => body.trim() === "")) continue;
      variants.push({ bodies });
      rows.push(i);
    }
    return {
      experiment: {
        name: fields.name ?? "",
        variable: fields.variable,
        target: fields.target ?? "",
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
