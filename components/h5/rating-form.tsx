"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { RATING_TAGS, type RatingTag } from "@/lib/complaints/vocabulary/rating-tags";
import type { FormAction } from "@/lib/forms/form-action";
import type { FormState } from "@/lib/forms/form-state";
import { MAX_IMAGES } from "@/lib/storage/image-rules";
import { CountedTextarea } from "./counted-textarea";
import { FormSubmit } from "./form-submit";
import { PhotoPicker, usePhotoUploads } from "./photo-picker";

const STARS = [1, 2, 3, 4, 5] as const;

/** Seed 001's rating module: stars, what it was about, a few words, photos. */
export function RatingForm({
  orderNo,
  maxText,
  submitRatingAction,
  directUploads = false,
}: {
  orderNo: string;
  maxText: number;
  submitRatingAction: FormAction;
  /** Photos go straight to UploadThing (the server has a token). */
  directUploads?: boolean;
}) {
  const t = useTranslations();
  const [state, formAction, pending] = useActionState<FormState, FormData>(submitRatingAction, {});
  const [stars, setStars] = useState<number>();
  const [tags, setTags] = useState<RatingTag[]>([]);
  const [text, setText] = useState("");
  const photos = usePhotoUploads({ direct: directUploads });
  // One id per form: a double tap or a retried request records one rating.
  const [submissionId] = useState(() => crypto.randomUUID());
  const fieldError = (name: string) => state.fieldErrors?.[name];

  return (
    <form
      className="space-y-5"
      action={(formData) => {
        photos.appendIds(formData);
        tags.forEach((tag) => formData.append("tags", tag));
        formAction(formData);
      }}
    >
      <input type="hidden" name="orderNo" value={orderNo} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="stars" value={stars ?? ""} />
      <fieldset>
        <legend className="mb-2 text-sm font-medium">{t("h5.rate.stars")}</legend>
        <div role="radiogroup" aria-label={t("h5.rate.stars")} className="flex gap-2">
          {STARS.map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={value === stars}
              aria-label={t("h5.rate.star", { count: value })}
              onClick={() => setStars(value)}
              className={`h-11 w-11 rounded-full text-2xl ${stars && value <= stars ? "text-amber-500" : "text-gray-300"}`}
            >
              ★
            </button>
          ))}
        </div>
        {fieldError("stars") && (
          <p className="mt-1 text-xs text-red-600" data-field-error="stars">
            {fieldError("stars")}
          </p>
        )}
      </fieldset>

      <fieldset>
        <legend className="mb-2 text-sm font-medium">{t("h5.rate.tags")}</legend>
        <div className="flex flex-wrap gap-2">
          {RATING_TAGS.map((tag) => {
            const on = tags.includes(tag);
            return (
              <button
                key={tag}
                type="button"
                role="checkbox"
                aria-checked={on}
                onClick={() => setTags(on ? tags.filter((t) => t !== tag) : [...tags, tag])}
                className={`rounded-full border px-3 py-1.5 text-sm ${on ? "border-brand bg-green-50 text-brand-dark" : "border-gray-200 text-gray-700"}`}
              >
                {t(`ratingTags.${tag}`)}
              </button>
            );
          })}
        </div>
        {fieldError("tags") && <p className="mt-1 text-xs text-red-600">{fieldError("tags")}</p>}
      </fieldset>

      <CountedTextarea
        id="rating-text"
        name="text"
        label={t("h5.rate.text")}
        placeholder={t("h5.rate.textPlaceholder")}
        rows={4}
        max={maxText}
        value={text}
        onChange={setText}
        error={fieldError("text")}
      />

      <PhotoPicker label={t("h5.rate.photos", { max: MAX_IMAGES })} uploads={photos} />

      <FormSubmit message={state.message} label={t("h5.rate.submit")} pending={pending} disabled={photos.uploading} />
    </form>
  );
}
