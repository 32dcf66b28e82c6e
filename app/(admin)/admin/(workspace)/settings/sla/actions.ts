"use server";

import { z } from "zod";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { PRIORITIES } from "@/lib/complaints/vocabulary/terms";
import { updateVipChannel, vipChannelFormSchema } from "@/lib/customers/vip-channel";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { slaPoliciesSchema, updateSlaPolicies } from "@/lib/sla/sla-policies";

const formSchema = slaPoliciesSchema.extend({ expectedUpdatedAt: z.string().max(40).optional() });

/** Form fields arrive as `high.firstResponseMinutes` …; nest them for the schema. */
function nested(formData: FormData) {
  const flat = formObject(formData);
  const out: Record<string, unknown> = { expectedUpdatedAt: flat.expectedUpdatedAt };
  for (const priority of PRIORITIES) {
    out[priority] = Object.fromEntries(
      ["firstResponseMinutes", "resolutionPlanMinutes", "warnBeforeMinutes", "businessStart", "businessEnd"].map(
        (k) => [k, flat[`${priority}.${k}`]],
      ),
    );
  }
  return out;
}

export async function updateSlaPoliciesAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.sla",
    schema: formSchema,
    input: nested(formData),
    revalidate: "/admin/settings/sla",
    run: (actor, { expectedUpdatedAt, ...input }) => updateSlaPolicies({ db, actor, input, expectedUpdatedAt }),
  });
}

export async function updateVipChannelAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.sla",
    schema: vipChannelFormSchema,
    input: formObject(formData),
    revalidate: "/admin/settings/sla",
    run: (actor, { expectedVersion, ...input }) => updateVipChannel({ db, actor, input, expectedVersion }),
  });
}
