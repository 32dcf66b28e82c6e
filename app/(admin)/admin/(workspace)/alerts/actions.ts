"use server";

import { z } from "zod";
import { acknowledgeAlert } from "@/lib/alerts/manage-alerts";
import { runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";

export async function acknowledgeAlertAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "alerts.acknowledge",
    schema: z.object({ alertId: z.string().uuid() }),
    input: { alertId: formData.get("alertId") },
    revalidate: "/admin/alerts",
    run: (actor, d) => acknowledgeAlert({ db, actor, alertId: d.alertId }),
  });
}
