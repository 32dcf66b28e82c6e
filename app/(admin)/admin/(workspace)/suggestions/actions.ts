"use server";

import { formObject, runStaffAction } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import type { FormState } from "@/lib/forms/form-state";
import {
  acknowledgeSchema,
  acknowledgeSuggestion,
  tagSchema,
  tagSuggestion,
  thankSchema,
  thankSuggestion,
} from "@/lib/suggestions/handle-suggestion";

const PATH = "/admin/suggestions";

export async function acknowledgeSuggestionAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "suggestion.handle",
    schema: acknowledgeSchema,
    input: formObject(formData),
    revalidate: PATH,
    run: (actor, { suggestionId }) => acknowledgeSuggestion({ db, actor, suggestionId }),
  });
}

export async function tagSuggestionAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "suggestion.handle",
    schema: tagSchema,
    input: formObject(formData),
    revalidate: PATH,
    run: (actor, { suggestionId, tags }) => tagSuggestion({ db, actor, suggestionId, tags }),
  });
}

export async function thankSuggestionAction(_: FormState, formData: FormData): Promise<FormState> {
  return runStaffAction({
    permission: "suggestion.handle",
    schema: thankSchema,
    input: formObject(formData),
    revalidate: PATH,
    run: (actor, { suggestionId, thanks }) => thankSuggestion({ db, actor, suggestionId, thanks }),
  });
}
