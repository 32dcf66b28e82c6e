"use server";

import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { completeCallbackSchema, completeCallbackTask } from "@/lib/surveys/callback-tasks";

export async function completeCallbackAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "callbacks.complete",
    schema: completeCallbackSchema,
    input: formObject(formData),
    revalidate: "/admin/callbacks",
    run: (actor, input) => completeCallbackTask({ db, actor, input }),
  });
}
