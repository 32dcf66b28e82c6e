import { z } from "zod";
import { AppError, type FieldIssue } from "./errors";

/** Custom issue messages that are field-error codes of their own (see `fields.` in the messages). */
const CUSTOM_CODES = new Set([
  "money",
  "unknown_category",
  "unknown_tag",
  "duplicate_tag",
  "date",
  "duplicate_sku",
  "duplicate_image",
  "phone",
  "required",
  "too_many",
  "warn_before",
  "plan_before_response",
  "clock",
  "business_hours",
  "template_code",
  "unknown_placeholder",
  "taken",
  "password_mismatch",
  "im_user_id",
  "group_code",
  "rule_code",
  "refund_rule_cap",
  "refund_rule_overlap",
  "refund_rules_reach",
  "duplicate_value",
  "experiment_arms",
  "unknown_template",
  "plan_window",
  "refund_rule_categories",
  "refund_rule_statuses",
  "amount_band",
  "rule_offer_cap",
  "unknown_group",
  "unknown_offer_rule",
  "metric_not_applicable",
  "not_applicable",
]);

function toFieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const path = issue.path.map(String).join(".");
  switch (issue.code) {
    case "invalid_type":
      return { path, code: /received undefined/.test(issue.message) ? "required" : "invalid" };
    case "too_big":
      return issue.origin === "array"
        ? { path, code: "too_many", params: { max: Number(issue.maximum) } }
        : issue.origin === "string"
          ? { path, code: "too_long", params: { max: Number(issue.maximum) } }
          : { path, code: "invalid" };
    case "too_small":
      if (issue.origin === "array") return { path, code: "too_few", params: { min: Number(issue.minimum) } };
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1
          ? { path, code: "required" }
          : { path, code: "too_short", params: { min: Number(issue.minimum) } };
      return { path, code: "invalid" };
    case "invalid_value":
      return { path, code: "enum" };
    case "invalid_format":
      return {
        path,
        code: CUSTOM_CODES.has(issue.message) ? issue.message : issue.format === "datetime" ? "date" : "invalid",
      };
    case "unrecognized_keys":
      return { path: issue.keys.join(","), code: "invalid" };
    case "custom":
      return { path, code: CUSTOM_CODES.has(issue.message) ? issue.message : "invalid" };
    default:
      return { path, code: "invalid" };
  }
}

function validationError(error: z.ZodError): AppError {
  return new AppError("validation_failed", { fields: error.issues.map(toFieldIssue) });
}

/**
 * Text PostgreSQL cannot store: U+0000 (refused in text and jsonb columns alike, a database error
 * rather than a validation one) and a lone UTF-16 surrogate (jsonb refuses its escape; a text
 * column would silently get U+FFFD instead). Found by the fuzz suite (tests/integration/fuzz-*).
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

/** Paths of unstorable strings in what a schema accepted (bounded: parsed values are shallow). */
function unstorableFields(value: unknown, path: (string | number)[] = [], depth = 0): FieldIssue[] {
  if (typeof value === "string")
    return isStorableText(value) ? [] : [{ path: path.join("."), code: "unstorable_text" }];
  if (depth > 16 || value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableFields(item, [...path, index], depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return [];
  return Object.entries(value).flatMap(([key, item]) => unstorableFields(item, [...path, key], depth + 1));
}

/**
 * Parse or throw `validation_failed` with one entry per invalid field, translated later. What
 * passes is also storable text everywhere (see isStorableText), so no input reaches the database
 * only to fail there.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  const unstorable = unstorableFields(result.data);
  if (unstorable.length > 0) throw new AppError("validation_failed", { fields: unstorable });
  return result.data;
}

/** An HTML checkbox as a form sends it ("on" when ticked, absent when not). */
export const formCheckbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from URLs are checked before they reach a uuid column (which would reject them with an error). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A real calendar day as YYYY-MM-DD (2026-13-45 is not one), e.g. a date filter from a URL. */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
