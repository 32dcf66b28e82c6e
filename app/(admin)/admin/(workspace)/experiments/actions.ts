"use server";

import { getTranslations } from "next-intl/server";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import { experimentFormSchema } from "@/lib/experiments/experiment-form";
import {
  ARM_KEYS,
  createExperiment,
  experimentIdSchema,
  experimentSchema,
  shipExperimentArm,
  shipSchema,
  stopExperiment,
} from "@/lib/experiments/manage-experiments";
import type { FormState } from "@/lib/forms/form-state";
import { parseInput } from "@/lib/validation";

/** Starts an experiment; a variant's field error reads "Variant B: …" after the form row it came from. */
export async function createExperimentAction(_: FormState, formData: FormData): Promise<FormState> {
  const state = await runStaffAction({
    permission: "experiments.manage",
    schema: experimentFormSchema,
    input: formObject(formData),
    revalidate: "/admin/experiments",
    successKey: "admin.experiments.startedOk",
    run: (actor, { experiment }) => createExperiment({ db, actor, input: parseInput(experimentSchema, experiment) }),
  });
  if (state.ok || !state.fieldErrors) return state;
  const t = await getTranslations("admin.experiments");
  const parsed = experimentFormSchema.safeParse(formObject(formData));
  const rows = parsed.success ? parsed.data.rows : [];
  const fieldErrors = Object.fromEntries(
    Object.entries(state.fieldErrors).map(([path, message]) => {
      const k = /^variants\.(\d+)/.exec(path);
      const row = k ? rows[Number(k[1])] : undefined;
      return [path, row === undefined ? message : `${t("variant", { arm: ARM_KEYS[row] ?? "?" })}: ${message}`];
    }),
  );
  return { ...state, fieldErrors };
}

export async function stopExperimentAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "experiments.manage",
    schema: experimentIdSchema,
    input,
    // The page the button is on; the list is rendered afresh per request (it reads the session).
    revalidate: `/admin/experiments/${String(input.experimentId)}`,
    successKey: "admin.experiments.stoppedOk",
    run: (actor, { experimentId }) => stopExperiment({ db, actor, experimentId }),
  });
}

export async function shipExperimentAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "experiments.manage",
    schema: shipSchema,
    input,
    revalidate: `/admin/experiments/${String(input.experimentId)}`,
    successKey: "admin.experiments.shippedOk",
    run: (actor, { experimentId, arm }) => shipExperimentArm({ db, actor, experimentId, arm }),
  });
}
