import { z } from "zod";
import type { SettingDefinition } from "../app-settings";

/**
 * Every abuse limit, by who it counts: a customer, an address, a staff account, the shop's key.
 * Per-address limits are generous because mobile carriers put many customers behind one address;
 * sign-in counts per account *and address* so nobody can lock a colleague out from elsewhere,
 * with a looser per-account ceiling against guessing from many addresses.
 */
export const RATE_LIMIT_RULES = [
  "h5_complaint_customer",
  "h5_complaint_ip",
  "upload_customer",
  "faq_customer",
  "h5_suggestion_customer",
  "sign_in_ip",
  "sign_in_account_ip",
  "sign_in_account",
  "shop_api_key",
] as const;
export type RateLimitRule = (typeof RATE_LIMIT_RULES)[number];

const ruleSchema = z.object({
  limit: z.coerce.number().int("invalid").min(1).max(1_000_000),
  windowMinutes: z.coerce
    .number()
    .int("invalid")
    .min(1)
    .max(7 * 24 * 60),
});
export type RuleLimit = z.output<typeof ruleSchema>;

export const rateLimitsSchema = z.object(
  Object.fromEntries(RATE_LIMIT_RULES.map((rule) => [rule, ruleSchema])) as Record<RateLimitRule, typeof ruleSchema>,
);
export type RateLimits = z.output<typeof rateLimitsSchema>;

export const RATE_LIMITS: SettingDefinition<RateLimits> = {
  key: "rate_limits",
  schema: rateLimitsSchema,
  defaults: {
    // Chatwoot's widget allows 6 conversations per 12 h; a customer with several bad orders may need as many.
    h5_complaint_customer: { limit: 6, windowMinutes: 12 * 60 },
    h5_complaint_ip: { limit: 30, windowMinutes: 60 },
    // Three photos per complaint, a few retries.
    upload_customer: { limit: 30, windowMinutes: 60 },
    // FAQ suggestions are fetched while the customer types (debounced), and "this solved it" clicks.
    faq_customer: { limit: 120, windowMinutes: 10 },
    // Suggestions have no SLA and cost nothing to file: a loose guard against a flood.
    h5_suggestion_customer: { limit: 10, windowMinutes: 24 * 60 },
    sign_in_ip: { limit: 30, windowMinutes: 15 },
    sign_in_account_ip: { limit: 5, windowMinutes: 15 },
    sign_in_account: { limit: 50, windowMinutes: 60 },
    // A runaway-client guard, not a quota: above what the app's servers serve together. One server
    // did about 1 000 intakes a second in the bench on 2 cores (2026-12-03), where 60 000 a minute,
    // the default until then, answered the bench's own wave with 429s.
    shop_api_key: { limit: 600_000, windowMinutes: 1 },
  },
};

/** Buckets that take a wave (every shop call shares one key) spread their hits over shard rows. */
export const SHARDS: Record<RateLimitRule, number> = {
  h5_complaint_customer: 1,
  h5_complaint_ip: 1,
  upload_customer: 1,
  faq_customer: 1,
  h5_suggestion_customer: 1,
  sign_in_ip: 1,
  sign_in_account_ip: 1,
  sign_in_account: 1,
  shop_api_key: 64,
};
