"use server";

import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { createPlan, planSchema } from "@/lib/plans/manage-plans";

export async function createPlanAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "plans.manage",
    schema: planSchema,
    input: formObject(formData),
    revalidate: "/admin/plans",
    successKey: "plans.created",
    run: (actor, input) => createPlan({ db, actor, input }),
  });
}
