"use server";

import { getTranslations } from "next-intl/server";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import { accountManagerSchema, setAccountManager } from "@/lib/customers/account-managers";
import { getEnv } from "@/lib/env";
import {
  createGroupSchema,
  createHandlingGroup,
  updateGroupSchema,
  updateHandlingGroup,
} from "@/lib/staff/handling-groups";
import type { FormState } from "@/lib/forms/form-state";
import {
  inviteStaff,
  inviteStaffSchema,
  issuePasswordReset,
  staffIdSchema,
  updateStaff,
  updateStaffSchema,
} from "@/lib/staff/manage-team";

const PATH = "/admin/settings/team";

/** The link is shown once, to the admin who passes it on; only its digest is stored. */
async function linkMessage(state: FormState & { result?: { path: string } }, key: "invited" | "resetIssued") {
  if (!state.ok || !state.result) return { message: state.message, fieldErrors: state.fieldErrors };
  const t = await getTranslations("admin.team");
  return { ok: true, message: t(key, { link: new URL(state.result.path, getEnv().APP_URL).toString() }) };
}

export async function inviteStaffAction(_: FormState, formData: FormData): Promise<FormState> {
  const state = await runStaffAction({
    permission: "settings.team",
    schema: inviteStaffSchema,
    input: formObject(formData),
    revalidate: PATH,
    run: (actor, input) => inviteStaff({ db, actor, input }),
  });
  return linkMessage(state, "invited");
}

export async function updateStaffAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.team",
    schema: updateStaffSchema,
    input: formObject(formData),
    revalidate: PATH,
    run: (actor, input) => updateStaff({ db, actor, input }),
  });
}

export async function resetPasswordAction(_: FormState, formData: FormData): Promise<FormState> {
  const state = await runStaffAction({
    permission: "settings.team",
    schema: staffIdSchema,
    input: formObject(formData),
    run: (actor, { id }) => issuePasswordReset({ db, actor, staffId: id }),
  });
  return linkMessage(state, "resetIssued");
}

export async function setAccountManagerAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.team",
    schema: accountManagerSchema,
    input: formObject(formData),
    revalidate: PATH,
    run: (actor, { customerId, staffId }) => setAccountManager({ db, actor, customerId, staffId }),
  });
}

export async function createGroupAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.team",
    schema: createGroupSchema,
    input: formObject(formData),
    revalidate: PATH,
    run: (actor, input) => createHandlingGroup({ db, actor, input }),
  });
}

export async function updateGroupAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "settings.team",
    schema: updateGroupSchema,
    input: formObject(formData),
    revalidate: PATH,
    run: (actor, input) => updateHandlingGroup({ db, actor, input }),
  });
}
