"use server";

import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import { reviewCase, reviewCaseSchema } from "@/lib/knowledge/case-library";
import { faqSchema, saveFaqEntry } from "@/lib/knowledge/manage-faq";
import { saveTemplate, templateSchema } from "@/lib/knowledge/manage-templates";

export async function saveFaqAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "knowledge.edit",
    schema: faqSchema,
    input: formObject(formData),
    revalidate: "/admin/knowledge/faq",
    successKey: "admin.knowledge.saved",
    run: (actor, input) => saveFaqEntry({ db, actor, input }),
  });
}

export async function saveTemplateAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "knowledge.edit",
    schema: templateSchema,
    input: formObject(formData),
    revalidate: "/admin/knowledge/templates",
    successKey: "admin.knowledge.saved",
    run: (actor, input) => saveTemplate({ db, actor, input }),
  });
}

export async function reviewCaseAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "knowledge.review_cases",
    schema: reviewCaseSchema,
    input: formObject(formData),
    revalidate: "/admin/knowledge",
    successKey: "admin.knowledge.saved",
    run: (actor, { caseId, decision }) => reviewCase({ db, actor, caseId, decision }),
  });
}
