"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useMemo, useState } from "react";
import { MAX_DESCRIPTION } from "@/lib/complaints/complaint-limits";
import {
  CATEGORY_GROUPS,
  categoriesIn,
  groupOf,
  type Category,
  type CategoryGroup,
} from "@/lib/complaints/vocabulary/taxonomy";
import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES } from "@/lib/storage/image-rules";
import type { FormAction } from "@/lib/forms/form-action";
import type { FormState } from "@/lib/forms/form-state";
import { FaqSuggestions } from "./faq-suggestions";

type Props = {
  orderNo: string;
  presetCategory?: Category;
  presetGroup?: CategoryGroup;
  submitComplaintAction: FormAction;
  faqSolvedAction: FormAction;
};
type Photo = { key: string; file: File; id?: string };

/** Uploads one photo; answers its id, or the server's translated reason (problem+json title). */
async function uploadPhoto(file: File): Promise<{ id: string } | { error?: string }> {
  const body = new FormData();
  body.append("file", file);
  try {
    const response = await fetch("/h5/uploads", { method: "POST", body });
    const json = (await response.json().catch(() => ({}))) as { id?: string; title?: string };
    return response.ok && json.id ? { id: json.id } : { error: json.title };
  } catch {
    return {};
  }
}

export function ComplaintForm({ orderNo, presetCategory, presetGroup, submitComplaintAction, faqSolvedAction }: Props) {
  const t = useTranslations();
  const [state, formAction, pending] = useActionState<FormState, FormData>(submitComplaintAction, {});
  const [group, setGroup] = useState<CategoryGroup>(
    presetCategory ? groupOf(presetCategory) : (presetGroup ?? "product"),
  );
  const [category, setCategory] = useState<Category | undefined>(presetCategory);
  const [description, setDescription] = useState("");
  // Each photo is uploaded when picked (/h5/uploads checks the session first); the form sends ids.
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [photoError, setPhotoError] = useState<string>();
  // One id per form: a double tap or a retried request files a single complaint.
  const [submissionId] = useState(() => crypto.randomUUID());
  const previews = useMemo(() => photos.map((photo) => URL.createObjectURL(photo.file)), [photos]);
  useEffect(() => () => previews.forEach((url) => URL.revokeObjectURL(url)), [previews]);
  const uploading = photos.some((photo) => !photo.id);

  const length = [...description].length;
  const fieldError = (name: string) => state.fieldErrors?.[name];

  function addPhotos(files: FileList | null) {
    setPhotoError(undefined);
    const picked = Array.from(files ?? []);
    if (photos.length + picked.length > MAX_IMAGES) return setPhotoError(t("errors.too_many_images"));
    if (picked.some((file) => file.size > MAX_IMAGE_BYTES)) return setPhotoError(t("errors.file_too_large"));
    if (picked.some((file) => !(IMAGE_TYPES as readonly string[]).includes(file.type)))
      return setPhotoError(t("errors.file_type_not_allowed"));
    const added = picked.map((file) => ({ key: crypto.randomUUID(), file }));
    setPhotos((current) => [...current, ...added]);
    for (const photo of added) {
      void uploadPhoto(photo.file).then((result) => {
        if ("id" in result)
          return setPhotos((current) => current.map((p) => (p.key === photo.key ? { ...p, id: result.id } : p)));
        setPhotos((current) => current.filter((p) => p.key !== photo.key));
        setPhotoError(result.error ?? t("errors.upload_failed"));
      });
    }
  }

  return (
    <form
      className="space-y-5"
      action={(formData) => {
        photos.forEach((photo) => photo.id && formData.append("imageIds", photo.id));
        formAction(formData);
      }}
    >
      <input type="hidden" name="orderNo" value={orderNo} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="category" value={category ?? ""} />

      <fieldset>
        <legend className="mb-2 text-sm font-medium">{t("h5.form.type")}</legend>
        <div role="tablist" className="mb-2 grid grid-cols-4 gap-1 rounded-lg bg-gray-100 p-1">
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
            <button
              key={code}
              type="button"
              role="radio"
              aria-checked={code === category}
              data-category={code}
              onClick={() => setCategory(code)}
              className={`rounded-full border px-3 py-1.5 text-sm ${code === category ? "border-brand bg-green-50 text-brand-dark" : "border-gray-200 text-gray-700"}`}
            >
              {t(`taxonomy.${code}`)}
            </button>
          ))}
        </div>
        {fieldError("category") && <p className="mt-1 text-xs text-red-600">{fieldError("category")}</p>}
      </fieldset>

      <div>
        <label htmlFor="description" className="mb-1 block text-sm font-medium">
          {t("h5.form.description")}
        </label>
        <textarea
          id="description"
          name="description"
          rows={5}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          placeholder={t("h5.form.descriptionPlaceholder")}
          aria-invalid={Boolean(fieldError("description")) || length > MAX_DESCRIPTION}
          className="w-full rounded-lg border border-gray-200 p-3 text-sm focus:border-brand focus:outline-none"
        />
        <div className="flex justify-between text-xs">
          <span className="text-red-600">{fieldError("description")}</span>
          <span
            data-testid="description-counter"
            className={length > MAX_DESCRIPTION ? "text-red-600" : "text-gray-400"}
          >
            {t("h5.form.counter", { count: length, max: MAX_DESCRIPTION })}
          </span>
        </div>
      </div>

      <FaqSuggestions text={description} category={category} orderNo={orderNo} faqSolvedAction={faqSolvedAction} />

      <div>
        <p className="mb-1 text-sm font-medium">{t("h5.form.photos", { max: MAX_IMAGES })}</p>
        <div className="grid grid-cols-3 gap-2">
          {previews.map((url, index) => (
            <div key={url} className="relative">
              {/* eslint-disable-next-line @next/next/no-img-element -- a local object URL preview */}
              <img
                src={url}
                alt=""
                className={`aspect-square w-full rounded-lg object-cover ${photos[index]?.id ? "" : "opacity-50"}`}
                data-testid={photos[index]?.id ? "photo-uploaded" : "photo-uploading"}
              />
              <button
                type="button"
                aria-label={t("h5.form.removePhoto")}
                onClick={() => setPhotos(photos.filter((_, i) => i !== index))}
                className="absolute right-1 top-1 rounded-full bg-black/60 px-1.5 text-xs text-white"
              >
                ×
              </button>
            </div>
          ))}
          {photos.length < MAX_IMAGES && (
            <label className="flex aspect-square cursor-pointer items-center justify-center rounded-lg border border-dashed border-gray-300 text-xs text-gray-500">
              {t("h5.form.addPhoto")}
              <input
                type="file"
                accept={IMAGE_TYPES.join(",")}
                multiple
                className="sr-only"
                data-testid="photo-input"
                onChange={(event) => {
                  addPhotos(event.target.files);
                  event.target.value = "";
                }}
              />
            </label>
          )}
        </div>
        <p className="mt-1 text-xs text-gray-400">{t("h5.form.photoHint")}</p>
        {photoError && <p className="mt-1 text-xs text-red-600">{photoError}</p>}
      </div>

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

      {state.message && (
        <p role="alert" data-testid="error-message" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      )}

      <button
        type="submit"
        disabled={pending || uploading}
        className="w-full rounded-full bg-brand py-3 text-base font-medium text-white disabled:opacity-60"
      >
        {pending ? t("h5.form.submitting") : t("h5.form.submit")}
      </button>
    </form>
  );
}
