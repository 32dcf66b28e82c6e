"use server";

import { z } from "zod";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { updateRateLimits } from "@/lib/rate-limit/manage-rate-limits";
import { RATE_LIMIT_RULES, rateLimitsSchema } from "@/lib/rate-limit/rate-limit-rules";
import { compensationLimitsSchema, updateCompensationLimits } from "@/lib/compensation/compensation-limits";
import { ratingSettingsSchema, updateRatingSettings } from "@/lib/ratings/rating-settings";

const versioned = z.object({ expectedVersion: z.coerce.number().int().min(0) });

export async function updateCompensationLimitsAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.limits",
    schema: compensationLimitsSchema.merge(versioned),
    input: formObject(formData),
    revalidate: "/admin/settings/limits",
    run: (actor, { expectedVersion, ...input }) => updateCompensationLimits({ db, actor, input, expectedVersion }),
  });
}

/** Form fields arrive as `rule.limit` / `rule.windowMinutes`; nest them for the schema. */
function nestedRules(formData: FormData) {
  const flat = formObject(formData);
  const out: Record<string, unknown> = { expectedVersion: flat.expectedVersion };
  for (const rule of RATE_LIMIT_RULES)
    out[rule] = { limit: flat[`${rule}.limit`], windowMinutes: flat[`${rule}.windowMinutes`] };
  return out;
}

export async function updateRateLimitsAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.limits",
    schema: rateLimitsSchema.merge(versioned),
    input: nestedRules(formData),
    revalidate: "/admin/settings/limits",
    run: (actor, { expectedVersion, ...input }) => updateRateLimits({ db, actor, input, expectedVersion }),
  });
}

export async function updateRatingSettingsAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.limits",
    schema: ratingSettingsSchema.merge(versioned),
    input: formObject(formData),
    revalidate: "/admin/settings/limits",
    run: (actor, { expectedVersion, ...input }) => updateRatingSettings({ db, actor, input, expectedVersion }),
  });
}
