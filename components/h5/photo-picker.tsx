"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { genUploader } from "uploadthing/client";
import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES } from "@/lib/storage/image-rules";
import {
  detectVideoType,
  exceedsVideoLength,
  isVideoType,
  MAX_VIDEO_BYTES,
  MAX_VIDEO_SECONDS,
  MAX_VIDEOS,
  VIDEO_TYPES,
  videoSeconds,
} from "@/lib/storage/video-rules";

type Photo = { key: string; file: File; id?: string };

type UploadResult = { id: string } | { error?: string };

const MB = 1024 * 1024;
const ACCEPTED: readonly string[] = [...IMAGE_TYPES, ...VIDEO_TYPES];
const isVideo = (file: File) => isVideoType(file.type);

// The router's endpoints, seen from the browser (the router itself is server code: its shape is
// restated here rather than imported into the client bundle). `refused`: the error code of a
// file the router deleted again after reading it.
type PhotoUploader = {
  uploadFiles: (
    slug: "photo" | "video",
    opts: { files: File[]; input: Record<string, never> },
  ) => Promise<{ serverData: { id: string | null; refused?: string } }[]>;
};
let uploader: PhotoUploader | null = null;

type Translate = ReturnType<typeof useTranslations>;
// The limits the server's refusals name, for the same messages said here.
const ERROR_PARAMS: Record<string, Record<string, number>> = {
  too_many_images: { max: MAX_IMAGES },
  too_many_videos: { max: MAX_VIDEOS },
  video_too_long: { max: MAX_VIDEO_SECONDS },
};
const errorText = (t: Translate, code: string) =>
  (t as unknown as (key: string, params?: Record<string, number>) => string)(`errors.${code}`, ERROR_PARAMS[code]);

/** Straight to UploadThing (when the server has a token): the app's router checks and records it. */
async function uploadDirect(file: File, t: Translate): Promise<UploadResult> {
  try {
    uploader ??= genUploader({ url: "/api/uploadthing", package: "kesu" }) as unknown as PhotoUploader;
    const [uploaded] = await uploader.uploadFiles(isVideo(file) ? "video" : "photo", { files: [file], input: {} });
    if (uploaded?.serverData.id) return { id: uploaded.serverData.id };
    return uploaded?.serverData.refused ? { error: errorText(t, uploaded.serverData.refused) } : {};
  } catch {
    return {};
  }
}

/** Uploads one photo or video; answers its id, or the server's translated reason (problem+json title). */
async function uploadPhoto(file: File, t: Translate): Promise<UploadResult> {
  const body = new FormData();
  body.append("file", file);
  try {
    const response = await fetch("/h5/uploads", { method: "POST", body });
    const json = (await response.json().catch(() => ({}))) as { id?: string; title?: string };
    if (response.ok && json.id) return { id: json.id };
    // A proxy in front may refuse a large body itself, without the app's translated answer.
    return { error: json.title ?? (response.status === 413 ? errorText(t, "file_too_large") : undefined) };
  } catch {
    return {};
  }
}

/**
 * What the server would say about the picked files, said before sending them: the same rules
 * (lib/storage/image-rules.ts, video-rules.ts) over the claimed type and size, and a video's own
 * bytes for its length — up to 20 MB not sent over a phone's connection only to be refused.
 * The server's check is the one that counts. Answers the error code, or null.
 */
async function precheck(current: File[], picked: File[]): Promise<string | null> {
  if (current.length + picked.length > MAX_IMAGES) return "too_many_images";
  if ([...current, ...picked].filter(isVideo).length > MAX_VIDEOS) return "too_many_videos";
  for (const file of picked) {
    if (!ACCEPTED.includes(file.type)) return "file_type_not_allowed";
    if (!isVideo(file)) {
      if (file.size > MAX_IMAGE_BYTES) return "file_too_large";
      continue;
    }
    if (file.size > MAX_VIDEO_BYTES) return "video_too_large";
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = detectVideoType(bytes);
    if (!type) return "file_type_not_allowed";
    const seconds = videoSeconds(bytes, type);
    if (seconds === null) return "video_unreadable";
    if (exceedsVideoLength(seconds)) return "video_too_long";
  }
  return null;
}

/**
 * The photos and the video of an H5 form (complaint, rating): each is uploaded when picked
 * (/h5/uploads checks the session first; with `direct`, to UploadThing through the app's file
 * router), and the form sends their ids (`appendIds`). `uploading` holds the submit button until
 * every file has its id.
 */
export function usePhotoUploads({ direct = false }: { direct?: boolean } = {}) {
  const t = useTranslations();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [error, setError] = useState<string>();
  const previews = useMemo(() => photos.map((photo) => URL.createObjectURL(photo.file)), [photos]);
  useEffect(() => () => previews.forEach((url) => URL.revokeObjectURL(url)), [previews]);

  async function add(files: FileList | null) {
    setError(undefined);
    const picked = Array.from(files ?? []);
    const refused = await precheck(
      photos.map((photo) => photo.file),
      picked,
    );
    if (refused) return setError(errorText(t, refused));
    const added = picked.map((file) => ({ key: crypto.randomUUID(), file }));
    setPhotos((current) => [...current, ...added]);
    for (const photo of added) {
      void (direct ? uploadDirect : uploadPhoto)(photo.file, t).then((result) => {
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
        {previews.map((url, index) => {
          const photo = photos[index];
          const className = `aspect-square w-full rounded-lg bg-black object-cover ${photo?.id ? "" : "opacity-50"}`;
          const state = photo?.id ? "photo-uploaded" : "photo-uploading";
          return (
            <div key={url} className="relative">
              {photo && isVideo(photo.file) ? (
                // Muted and inline: iOS would otherwise open a preview full screen.
                <video
                  src={url}
                  muted
                  playsInline
                  controls
                  preload="metadata"
                  aria-label={t("h5.form.videoPreview")}
                  className={className}
                  data-testid={state}
                  data-kind="video"
                />
              ) : (
                // eslint-disable-next-line @next/next/no-img-element -- a local object URL preview
                <img src={url} alt="" className={className} data-testid={state} data-kind="photo" />
              )}
              <button
                type="button"
                aria-label={t("h5.form.removePhoto")}
                onClick={() => remove(index)}
                className="absolute right-1 top-1 rounded-full bg-black/60 px-1.5 text-xs text-white"
              >
                ×
              </button>
            </div>
          );
        })}
        {photos.length < MAX_IMAGES && (
          <label className="flex aspect-square cursor-pointer items-center justify-center rounded-lg border border-dashed border-gray-300 p-1 text-center text-xs text-gray-500">
            {t("h5.form.addPhoto")}
            <input
              type="file"
              accept={ACCEPTED.join(",")}
              multiple
              className="sr-only"
              data-testid="photo-input"
              onChange={(event) => {
                void add(event.target.files);
                event.target.value = "";
              }}
            />
          </label>
        )}
      </div>
      <p className="mt-1 text-xs text-gray-400">
        {t("h5.form.photoHint", {
          photoMb: MAX_IMAGE_BYTES / MB,
          videoMb: MAX_VIDEO_BYTES / MB,
          seconds: MAX_VIDEO_SECONDS,
        })}
      </p>
      {error && (
        <p className="mt-1 text-xs text-red-600" data-testid="photo-error">
          {error}
        </p>
      )}
    </div>
  );
}
