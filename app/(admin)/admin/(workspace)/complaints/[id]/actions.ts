"use server";

import { z } from "zod";
import { revokeH5Session } from "@/lib/auth/manage-h5-sessions";
import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { addInternalNote } from "@/lib/complaints/handling/add-internal-note";
import { assignComplaint } from "@/lib/complaints/handling/assign-complaint";
import { claimComplaint } from "@/lib/complaints/handling/claim-complaint";
import { closeComplaint } from "@/lib/complaints/handling/close-complaint";
import { escalateComplaint } from "@/lib/complaints/handling/escalate-complaint";
import {
  assignSchema,
  claimSchema,
  closeSchema,
  escalateSchema,
  noteSchema,
  reopenSchema,
  replySchema,
  requestInfoSchema,
  resolveSchema,
} from "@/lib/complaints/handling/handling-schemas";
import { reopenComplaint } from "@/lib/complaints/handling/reopen-complaint";
import { replyToComplaint } from "@/lib/complaints/handling/reply-to-complaint";
import { requestInformation } from "@/lib/complaints/handling/request-information";
import { resolveComplaint } from "@/lib/complaints/handling/resolve-complaint";
import { revealContact } from "@/lib/complaints/reveal-contact";
import { settleRefund } from "@/lib/compensation/settle-refund";
import { configuredShopRefundClient } from "@/lib/compensation/shop-refund-client";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { FormState } from "@/lib/forms/form-state";
import { QA_CHECKLIST } from "@/lib/qa/checklist";
import { qaReviewSchema, submitQaReview } from "@/lib/qa/submit-qa-review";

// Each action: permission first (inside runStaffAction), schema next, then one lib call.
const path = (input: unknown) => `/admin/complaints/${String((input as { complaintId?: unknown }).complaintId ?? "")}`;

export async function claimAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "complaint.claim",
    schema: claimSchema,
    input,
    revalidate: path(input),
    run: (actor, d) => claimComplaint({ db, actor, complaintId: d.complaintId, version: d.version }),
  });
}

export async function assignAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "complaint.assign",
    schema: assignSchema,
    input,
    revalidate: path(input),
    run: (actor, d) =>
      assignComplaint({ db, actor, complaintId: d.complaintId, version: d.version, assigneeId: d.assigneeId }),
  });
}

export async function replyAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "complaint.reply",
    schema: replySchema,
    input,
    revalidate: path(input),
    run: (actor, d) =>
      replyToComplaint({
        db,
        actor,
        complaintId: d.complaintId,
        version: d.version,
        text: d.text,
        templateCode: d.templateCode || undefined,
      }),
  });
}

export async function noteAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "complaint.note",
    schema: noteSchema,
    input,
    revalidate: path(input),
    run: (actor, d) => addInternalNote({ db, actor, complaintId: d.complaintId, version: d.version, text: d.text }),
  });
}

export async function requestInfoAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "complaint.request_info",
    schema: requestInfoSchema,
    input,
    revalidate: path(input),
    run: (actor, d) => requestInformation({ db, actor, complaintId: d.complaintId, version: d.version, text: d.text }),
  });
}

export async function escalateAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "complaint.escalate",
    schema: escalateSchema,
    input,
    revalidate: path(input),
    run: (actor, d) =>
      escalateComplaint({ db, actor, complaintId: d.complaintId, version: d.version, reason: d.reason }),
  });
}

export async function resolveAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  const env = getEnv();
  const state = await runStaffAction({
    permission: "complaint.resolve",
    schema: resolveSchema,
    input,
    revalidate: path(input),
    run: (actor, d) =>
      resolveComplaint({
        db,
        actor,
        complaintId: d.complaintId,
        version: d.version,
        outcome: d.outcome,
        note: d.note,
        amount: d.amount || undefined,
        capOverrideReason: d.capOverrideReason || undefined,
        shopRefunds: Boolean(env.SHOP_REFUND_URL),
        keyring: appKeyring(),
      }),
  });
  // The shop is called after the resolution committed; a refund it cannot take now stays pending
  // and is retried (the idempotency key makes a repeat harmless).
  const pending = state.result?.pendingRefundId;
  const client = configuredShopRefundClient(env);
  if (pending && client) {
    // The resolution stands either way; the 10-minute retry picks the refund up again.
    await settleRefund({ db, client, compensationId: pending }).catch((error: unknown) =>
      console.error("[refund] settling after resolve failed", error),
    );
  }
  return { ok: state.ok, message: state.message, fieldErrors: state.fieldErrors };
}

export async function closeAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "complaint.close",
    schema: closeSchema,
    input,
    revalidate: path(input),
    run: (actor, d) =>
      closeComplaint({ db, actor, complaintId: d.complaintId, version: d.version, reason: d.reason || undefined }),
  });
}

export async function reopenAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "complaint.reopen",
    schema: reopenSchema,
    input,
    revalidate: path(input),
    run: (actor, d) => reopenComplaint({ db, actor, complaintId: d.complaintId, version: d.version, reason: d.reason }),
  });
}

const qaFormSchema = qaReviewSchema.extend({
  checks: z
    .union([z.enum(QA_CHECKLIST), z.array(z.enum(QA_CHECKLIST))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export async function qaReviewAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  return runStaffAction({
    permission: "qa.review",
    schema: qaFormSchema,
    input,
    revalidate: path(input),
    run: (actor, d) => submitQaReview({ db, actor, complaintId: d.complaintId, checks: d.checks, comment: d.comment }),
  });
}

const revealSchema = z.object({ complaintId: z.string().uuid() });

export async function revealContactAction(complaintId: string): Promise<FormState & { contact?: string | null }> {
  const state = await runStaffAction({
    permission: "contact.reveal",
    schema: revealSchema,
    input: { complaintId },
    successKey: "admin.detail.revealed",
    run: (actor, d) => revealContact({ db, actor, complaintId: d.complaintId, keyring: appKeyring() }),
  });
  return { ok: state.ok, message: state.message, fieldErrors: state.fieldErrors, contact: state.result?.contact };
}

const revokeSessionSchema = z.object({ complaintId: z.string().uuid(), sessionId: z.string().uuid() });

/** Ends one of the customer's H5 sessions (audited): its next request is signed out. */
export async function revokeH5SessionAction(_: FormState, formData: FormData): Promise<FormState> {
  const input = formObject(formData);
  const state = await runStaffAction({
    permission: "customer.sessions",
    schema: revokeSessionSchema,
    input,
    revalidate: path(input),
    successKey: "admin.sessions.revoked",
    run: (actor, d) => revokeH5Session({ db, actor, complaintId: d.complaintId, sessionId: d.sessionId }),
  });
  return { ok: state.ok, message: state.message, fieldErrors: state.fieldErrors };
}
