"use server";

import { z } from "zod";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { retrainRiskModel } from "@/lib/risk/train-risk-model";
import { markRiskContacted, riskWarningFormSchema, updateRiskWarning } from "@/lib/risk/risk-warnings";

export async function markRiskContactedAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "risk.contact",
    schema: z.object({ orderId: z.string().uuid() }),
    input: { orderId: formData.get("orderId") },
    revalidate: "/admin/risk",
    successKey: "risk.contactedSaved",
    run: (actor, d) => markRiskContacted({ db, actor, orderId: d.orderId }),
  });
}

export async function updateRiskWarningAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "risk.manage",
    schema: riskWarningFormSchema,
    input: formObject(formData),
    revalidate: "/admin/risk",
    run: (actor, { expectedVersion, ...input }) => updateRiskWarning({ db, actor, input, expectedVersion }),
  });
}

export async function retrainRiskModelAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "risk.manage",
    // The button sends this word: a form posted without it (say, an empty replay) trains nothing.
    schema: z.object({ confirm: z.literal("retrain") }),
    input: formObject(formData),
    revalidate: "/admin/risk",
    successKey: "risk.retrained",
    run: (actor) => retrainRiskModel({ db, actor }),
  });
}
