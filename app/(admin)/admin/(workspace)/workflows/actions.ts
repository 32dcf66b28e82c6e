"use server";

import { z } from "zod";
import { runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { appEnginePool } from "@/lib/workflow-engine/app-pool";
import { cancelWorkflowRun, replayRun, runCronNow } from "@/lib/workflow-engine/run-actions";

const runSchema = z.object({ runId: z.string().uuid() });
const functionSchema = z.object({ functionId: z.string().trim().min(1).max(200) });

// Any revalidation re-renders the page the button is on, the overview or a run's page alike.
const PATH = "/admin/workflows";

export async function replayRunAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "workflows.manage",
    schema: runSchema,
    input: { runId: formData.get("runId") },
    revalidate: PATH,
    successKey: "admin.workflows.replayed",
    run: (actor, d) => replayRun({ pool: appEnginePool(), db, actor, runId: d.runId }),
  });
}

export async function cancelRunAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "workflows.manage",
    schema: runSchema,
    input: { runId: formData.get("runId") },
    revalidate: PATH,
    successKey: "admin.workflows.cancelled",
    run: (actor, d) => cancelWorkflowRun({ pool: appEnginePool(), db, actor, runId: d.runId }),
  });
}

export async function runNowAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "workflows.manage",
    schema: functionSchema,
    input: { functionId: formData.get("functionId") },
    revalidate: PATH,
    successKey: "admin.workflows.started",
    run: (actor, d) => runCronNow({ pool: appEnginePool(), db, actor, functionId: d.functionId }),
  });
}
