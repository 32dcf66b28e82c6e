"use server";

import { z } from "zod";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { compensationLimitsSchema, updateCompensationLimits } from "@/lib/settings/compensation-limits";

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
