"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { MAX_DESCRIPTION } from "@/lib/complaints/complaint-limits";
import {
  CATEGORY_GROUPS,
  categoriesIn,
  groupOf,
  type Category,
  type CategoryGroup,
} from "@/lib/complaints/vocabulary/taxonomy";
import { MAX_IMAGES } from "@/lib/storage/image-rules";
import type { FormLayout } from "@/lib/complaints/vocabulary/terms";
import type { FormAction } from "@/lib/forms/form-action";
import type { FormState } from "@/lib/forms/form-state";
import { CountedTextarea } from "./counted-textarea";
import { FaqSuggestions } from "./faq-suggestions";
import { FormSubmit } from "./form-submit";
import { PhotoPicker, usePhotoUploads } from "./photo-picker";
import { postH5Complaint } from "./post-h5-complaint";

type Props = {
  orderNo: string;
  presetCategory?: Category;
  presetGroup?: CategoryGroup;
  faqSolvedAction: FormAction;
  /** Photos go straight to UploadThing (the server has a token). */
  directUploads?: boolean;
  /** The type picker: group tabs then subtypes, or every subtype at once (an H5 form experiment's arm). */
  layout?: FormLayout;
};
function TypeChip({ code, chosen, choose }: { code: Category; chosen: boolean; choose: (code: Category) => void }) {
  const t = useTranslations();
  return (
    <button
      type="button"
      role="radio"
      aria-checked={chosen}
      data-category={code}
      onClick={() => choose(code)}
      className={`rounded-full border px-3 py-1.5 text-sm ${chosen ? "border-brand bg-green-50 text-brand-dark" : "border-gray-200 text-gray-700"}`}
    >
      {t(`taxonomy.${code}`)}
    </button>
  );
}

export function ComplaintForm({
  orderNo,
  presetCategory,
  presetGroup,
  faqSolvedAction,
  directUploads = false,
  layout = "two_step",
}: Props) {
  const t = useTranslations();
  const router = useRouter();
  // Sent to POST /api/h5/complaints; once filed, the complaint's page opens (the button stays off meanwhile).
  const [state, formAction, pending] = useActionState<FormState, FormData>(async (_previous, formData) => {
    const { state: next, location } = await postH5Complaint({ formData, sendFailed: t("h5.form.sendFailed") });
    if (location) router.push(location);
    return next;
  }, {});
  const [group, setGroup] = useState<CategoryGroup>(
    presetCategory ? groupOf(presetCategory) : (presetGroup ?? "product"),
  );
  const [category, setCategory] = useState<Category | undefined>(presetCategory);
  const [description, setDescription] = useState("");
  const photos = usePhotoUploads({ direct: directUploads });
  // One id per form: a double tap or a retried request files a single complaint.
  const [submissionId] = useState(() => crypto.randomUUID());

  const fieldError = (name: string) => state.fieldErrors?.[name];

  return (
    <form
      className="space-y-5"
      action={(formData) => {
        photos.appendIds(formData);
        formAction(formData);
      }}
    >
      <input type="hidden" name="orderNo" value={orderNo} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="category" value={category ?? ""} />

      <fieldset>
        <legend className="mb-2 text-sm font-medium">{t("h5.form.type")}</legend>
        {layout === "flat" ? (
          // Every subtype at once, under its group's name: one tap instead of two.
          <div className="space-y-2" role="radiogroup" aria-label={t("h5.form.chooseType")} data-layout="flat">
            {CATEGORY_GROUPS.map((g) => (
              <div key={g}>
                <p className="mb-1 text-xs text-gray-500">{t(`taxonomy.${g}.label`)}</p>
                <div className="flex flex-wrap gap-2">
                  {categoriesIn(g).map((code) => (
                    <TypeChip key={code} code={code} chosen={code === category} choose={setCategory} />
                  ))}
                </div>
              </div>
            ))}
          </div>
        ) : (
          <>
            <div
              role="tablist"
              className="mb-2 grid grid-cols-4 gap-1 rounded-lg bg-gray-100 p-1"
              data-layout="two_step"
            >
              {CATEGORY_GROUPS.map((g) => (
                <button
                  key={g}
                  type="button"
                  role="tab"
                  aria-selected={g === group}
                  onClick={() => setGroup(g)}
                  className={`rounded-md py-1.5 text-xs ${g === group ? "bg-white font-medium text-brand shadow-sm" : "text-gray-600"}`}
                >
                  {t(`taxonomy.${g}.label`)}
                </button>
              ))}
            </div>
            <p className="mb-1 text-xs text-gray-500">{t("h5.form.chooseType")}</p>
            <div className="flex flex-wrap gap-2" role="radiogroup" aria-label={t("h5.form.chooseType")}>
              {categoriesIn(group).map((code) => (
                <TypeChip key={code} code={code} chosen={code === category} choose={setCategory} />
              ))}
            </div>
          </>
        )}
        {fieldError("category") && <p className="mt-1 text-xs text-red-600">{fieldError("category")}</p>}
      </fieldset>

      <CountedTextarea
        id="description"
        name="description"
        label={t("h5.form.description")}
        placeholder={t("h5.form.descriptionPlaceholder")}
        rows={5}
        max={MAX_DESCRIPTION}
        value={description}
        onChange={setDescription}
        error={fieldError("description")}
        counterTestId="description-counter"
      />

      <FaqSuggestions text={description} category={category} orderNo={orderNo} faqSolvedAction={faqSolvedAction} />

      <PhotoPicker label={t("h5.form.photos", { max: MAX_IMAGES })} uploads={photos} />

      <div>
        <label htmlFor="contact" className="mb-1 block text-sm font-medium">
          {t("h5.form.contact")}
        </label>
        <input
          id="contact"
          name="contact"
          type="tel"
          autoComplete="tel"
          maxLength={64}
          placeholder={t("h5.form.contactPlaceholder")}
          className="w-full rounded-lg border border-gray-200 p-3 text-sm focus:border-brand focus:outline-none"
        />
        {fieldError("contact") && <p className="mt-1 text-xs text-red-600">{fieldError("contact")}</p>}
      </div>

      <FormSubmit
        message={state.message}
        label={t("h5.form.submit")}
        pending={pending || state.ok === true}
        disabled={photos.uploading}
      />
    </form>
  );
}
