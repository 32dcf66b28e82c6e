"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { genUploader } from "uploadthing/client";
import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES } from "@/lib/storage/image-rules";

type Photo = { key: string; file: File; id?: string };

type UploadResult = { id: string } | { error?: string };

// The router's one endpoint, seen from the browser (the router itself is server code: its shape
// is restated here rather than imported into the client bundle).
type PhotoUploader = {
  uploadFiles: (
    slug: "photo",
    opts: { files: File[]; input: Record<string, never> },
  ) => Promise<{ serverData: { id: string | null } }[]>;
};
let uploader: PhotoUploader | null = null;

/** Straight to UploadThing (when the server has a token): the app's router checks and records it. */
async function uploadDirect(file: File): Promise<UploadResult> {
  try {
    uploader ??= genUploader({ url: "/api/uploadthing", package: "kesu" }) as unknown as PhotoUploader;
    const [uploaded] = await uploader.uploadFiles("photo", { files: [file], input: {} });
    return uploaded?.serverData.id ? { id: uploaded.serverData.id } : {};
  } catch {
    return {};
  }
}

/** Uploads one photo; answers its id, or the server's translated reason (problem+json title). */
async function uploadPhoto(file: File): Promise<UploadResult> {
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

/**
 * The photos of an H5 form (complaint, rating): each is uploaded when picked (/h5/uploads checks
 * the session first; with `direct`, to UploadThing through the app's file router), and the form
 * sends their ids (`appendIds`). `uploading` holds the submit button until every photo has its id.
 */
export function usePhotoUploads({ direct = false }: { direct?: boolean } = {}) {
  const t = useTranslations();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [error, setError] = useState<string>();
  const previews = useMemo(() => photos.map((photo) => URL.createObjectURL(photo.file)), [photos]);
  useEffect(() => () => previews.forEach((url) => URL.revokeObjectURL(url)), [previews]);

  function add(files: FileList | null) {
    setError(undefined);
    const picked = Array.from(files ?? []);
    if (photos.length + picked.length > MAX_IMAGES) return setError(t("errors.too_many_images"));
    if (picked.some((file) => file.size > MAX_IMAGE_BYTES)) return setError(t("errors.file_too_large"));
    if (picked.some((file) => !(IMAGE_TYPES as readonly string[]).includes(file.type)))
      return setError(t("errors.file_type_not_allowed"));
    const added = picked.map((file) => ({ key: crypto.randomUUID(), file }));
    setPhotos((current) => [...current, ...added]);
    for (const photo of added) {
      void (direct ? uploadDirect : uploadPhoto)(photo.file).then((result) => {
        if ("id" in result)
          return setPhotos((current) => current.map((p) => (p.key === photo.key ? { ...p, id: result.id } : p)));
        setPhotos((current) => current.filter((p) => p.key !== photo.key));
        setError(result.error ?? t("errors.upload_failed"));
      });
    }
  }

  return {
    photos,
    previews,
    error,
    add,
    remove: (index: number) => setPhotos(photos.filter((_, i) => i !== index)),
    uploading: photos.some((photo) => !photo.id),
    appendIds: (formData: FormData) => photos.forEach((photo) => photo.id && formData.append("imageIds", photo.id)),
  };
}

/** The picker's grid: previews (dimmed while uploading), remove buttons, the add tile, the error. */
export function PhotoPicker({ label, uploads }: { label: string; uploads: ReturnType<typeof usePhotoUploads> }) {
  const t = useTranslations();
  const { photos, previews, error, add, remove } = uploads;
  return (
    <div>
      <p className="mb-1 text-sm font-medium">{label}</p>
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
              onClick={() => remove(index)}
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
                add(event.target.files);
                event.target.value = "";
              }}
            />
          </label>
        )}
      </div>
      <p className="mt-1 text-xs text-gray-400">{t("h5.form.photoHint")}</p>
      {error && <p className="mt-1 text-xs text-red-600">{error}</p>}
    </div>
  );
}
