"use server";

import { createHash } from "node:crypto";
import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import {
  assertComplaintInScope,
  assertCompensationInScope,
  assertOrderInScope,
  type H5Principal,
} from "@/lib/auth/h5-scope";
import { getH5Session, h5CookieAttributes, isFramed } from "@/lib/auth/h5-session";
import { answerInformationRequest } from "@/lib/complaints/customer/answer-information-request";
import { claimCompensation } from "@/lib/complaints/customer/claim-compensation";
import { confirmResolution } from "@/lib/complaints/customer/confirm-resolution";
import {
  answerSchema,
  claimCompensationSchema,
  confirmSchema,
  rejectSchema,
} from "@/lib/complaints/customer/customer-schemas";
import { rejectResolution } from "@/lib/complaints/customer/reject-resolution";
import { rememberCustomerLocale } from "@/lib/customers/remember-locale";
import { AppError } from "@/lib/errors";
import { recordSelfServe } from "@/lib/knowledge/suggest-faq";
import { submitSurvey, surveySchema } from "@/lib/surveys/submit-survey";
import { submitSuggestion, suggestionSchema } from "@/lib/suggestions/submit-suggestion";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, LOCALES } from "@/lib/i18n/config";
import { h5RatingSchema } from "@/lib/ratings/rating-schemas";
import { submitRating } from "@/lib/ratings/submit-rating";
import { formStateFromError, type FormState } from "@/lib/forms/form-state";
import { enforceRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { parseInput } from "@/lib/validation";

/**
 * The H5 rating page (seed 001's rating module): once per order; a low rating becomes a complaint
 * (lib/ratings/submit-rating.ts). Back to the page, which then shows the rating and the complaint.
 */
export async function submitRatingAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await getH5Session();
  const t = await getTranslations();
  if (!session) return { message: t("errors.session_required") };
  const customer = session.customer;
  let orderNo: string;
  try {
    const { submissionId, ...input } = parseInput(h5RatingSchema, {
      orderNo: formData.get("orderNo"),
      stars: formData.get("stars") || undefined,
      tags: formData.getAll("tags"),
      text: formData.get("text") ?? "",
      imageIds: formData.getAll("imageIds").filter((id) => id !== ""),
      submissionId: formData.get("submissionId"),
    });
    assertOrderInScope(session.principal, input.orderNo);
    // A low rating files a complaint: the customer's intake limit applies to ratings too.
    await enforceRateLimit({ db, rule: "h5_complaint_customer", subject: customer.id });
    const locale = await getLocale();
    await rememberCustomerLocale({ db, customerId: customer.id, locale, known: customer.locale });
    await submitRating({
      db,
      actor: { type: "customer", customerId: customer.id },
      input,
      locale: isLocale(locale) ? locale : DEFAULT_LOCALE,
      source: "h5",
      idempotency: {
        key: `h5:${customer.id}:${submissionId}`,
        requestHash: createHash("sha256").update(JSON.stringify(input)).digest("hex"),
      },
      keyring: appKeyring(),
      shopRefunds: Boolean(getEnv().SHOP_REFUND_URL),
    });
    orderNo = input.orderNo;
  } catch (error) {
    return formStateFromError({ t, error });
  }
  redirect(`/h5/orders/${encodeURIComponent(orderNo)}/rate`);
}

/** A suggestion from the H5: no complaint, no SLA (lib/suggestions). An order named must be in the session's scope. */
export async function submitSuggestionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await getH5Session();
  const t = await getTranslations();
  if (!session) return { message: t("errors.session_required") };
  try {
    const input = parseInput(suggestionSchema, {
      text: formData.get("text") ?? "",
      orderNo: formData.get("orderNo") ?? undefined,
      submissionId: formData.get("submissionId"),
    });
    if (input.orderNo) assertOrderInScope(session.principal, input.orderNo);
    const locale = await getLocale();
    await rememberCustomerLocale({ db, customerId: session.customer.id, locale, known: session.customer.locale });
    await submitSuggestion({ db, customerId: session.customer.id, sessionId: session.id, locale, input });
  } catch (error) {
    return formStateFromError({ t, error });
  }
  redirect("/h5/complaints?suggested=1");
}

const localeSchema = z.enum(LOCALES);

export async function setLocaleAction(locale: string): Promise<void> {
  const parsed = localeSchema.safeParse(locale);
  if (!parsed.success) return;
  // In the widget's frame the cookie must be set as the frame's cookies are (lib/auth/h5-session.ts).
  const framed = isFramed(await headers());
  (await cookies()).set(LOCALE_COOKIE, parsed.data, {
    ...h5CookieAttributes({ framed }),
    httpOnly: false,
    path: "/",
    maxAge: 365 * 86_400,
  });
}

/**
 * The customer's answers on a complaint page. Each starts from the H5 session, then zod, then the
 * session's scope: the complaint (or compensation, or order) must be on an order the session was
 * opened for — outside it, it does not exist. The lib functions scope by customer id on top.
 */
async function runCustomerAction<S extends z.ZodType>(
  input: unknown,
  schema: S,
  inScope: (principal: H5Principal, data: z.output<S>) => Promise<void> | void,
  run: (customerId: string, data: z.output<S>) => Promise<unknown>,
): Promise<FormState> {
  const session = await getH5Session();
  const t = await getTranslations();
  if (!session) return { message: t("errors.session_required") };
  try {
    const data = parseInput(schema, input);
    await inScope(session.principal, data);
    await run(session.customer.id, data);
  } catch (error) {
    return formStateFromError({ t, error });
  }
  const id = (input as { complaintId?: unknown }).complaintId;
  if (typeof id === "string") revalidatePath(`/h5/complaints/${id}`);
  return { ok: true };
}

const complaintInScope = (principal: H5Principal, d: { complaintId: string }) =>
  assertComplaintInScope({ db, principal, complaintId: d.complaintId });

export async function answerAction(_: FormState, formData: FormData): Promise<FormState> {
  return runCustomerAction(
    { complaintId: formData.get("complaintId"), text: formData.get("text") },
    answerSchema,
    complaintInScope,
    (customerId, d: z.output<typeof answerSchema>) =>
      answerInformationRequest({ db, customerId, complaintId: d.complaintId, text: d.text }),
  );
}

export async function confirmAction(_: FormState, formData: FormData): Promise<FormState> {
  return runCustomerAction(
    { complaintId: formData.get("complaintId") },
    confirmSchema,
    complaintInScope,
    (customerId, d: z.output<typeof confirmSchema>) =>
      confirmResolution({ db, customerId, complaintId: d.complaintId }),
  );
}

export async function rejectAction(_: FormState, formData: FormData): Promise<FormState> {
  return runCustomerAction(
    { complaintId: formData.get("complaintId"), reason: formData.get("reason") },
    rejectSchema,
    complaintInScope,
    (customerId, d: z.output<typeof rejectSchema>) =>
      rejectResolution({ db, customerId, complaintId: d.complaintId, reason: d.reason }),
  );
}

export async function claimCompensationAction(_: FormState, formData: FormData): Promise<FormState> {
  return runCustomerAction(
    { complaintId: formData.get("complaintId"), compensationId: formData.get("compensationId") },
    claimCompensationSchema.extend({ complaintId: z.string().uuid() }),
    (principal, d: { complaintId: string; compensationId: string }) =>
      assertCompensationInScope({ db, principal, compensationId: d.compensationId, complaintId: d.complaintId }),
    (customerId, d: { compensationId: string }) =>
      claimCompensation({ db, customerId, compensationId: d.compensationId }),
  );
}

export async function surveyAction(_: FormState, formData: FormData): Promise<FormState> {
  const nps = formData.get("nps");
  return runCustomerAction(
    {
      complaintId: formData.get("complaintId"),
      csat: formData.get("csat") ?? undefined,
      nps: nps === null || nps === "" ? undefined : nps,
      comment: formData.get("comment") ?? "",
    },
    surveySchema,
    complaintInScope,
    async (customerId, d: z.output<typeof surveySchema>) => {
      await submitSurvey({ db, customerId, input: d });
      await rememberCustomerLocale({ db, customerId, locale: await getLocale() });
    },
  );
}

export async function faqSolvedAction(_: FormState, formData: FormData): Promise<FormState> {
  return runCustomerAction(
    { faqId: formData.get("faqId"), orderNo: formData.get("orderNo") ?? undefined },
    z.object({ faqId: z.string().uuid(), orderNo: z.string().max(64).optional() }),
    (principal, d: { orderNo?: string }) => (d.orderNo ? assertOrderInScope(principal, d.orderNo) : undefined),
    async (customerId, d: { faqId: string; orderNo?: string }) => {
      await enforceRateLimit({ db, rule: "faq_customer", subject: customerId });
      const { recorded } = await recordSelfServe({ db, customerId, faqId: d.faqId, orderNo: d.orderNo });
      if (!recorded) throw new AppError("not_found");
    },
  );
}
