"use server";

import { z } from "zod";
import { runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { completeCallbackTask } from "@/lib/surveys/callback-tasks";

export async function completeCallbackAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "callbacks.complete",
    schema: z.object({ taskId: z.string().uuid() }),
    input: { taskId: formData.get("taskId") },
    revalidate: "/admin/callbacks",
    run: (actor, d) => completeCallbackTask({ db, actor, taskId: d.taskId }),
  });
}
