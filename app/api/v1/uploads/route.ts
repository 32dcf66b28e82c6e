import { shopRoute } from "@/lib/api/shop-route";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appObjectStore } from "@/lib/storage/app-store";
import { storeImages } from "@/lib/storage/uploads";

/** A photo for a later POST /api/v1/complaints (`images: [id]`); owned by the complaint's customer once attached. */
export const POST = shopRoute("/api/v1/uploads", async ({ request }) => {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) throw new AppError("unsupported_media_type");
  const form = await request.formData().catch(() => {
    throw new AppError("validation_failed", { fields: [{ path: "file", code: "required" }] });
  });
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("validation_failed", { fields: [{ path: "file", code: "required" }] });
  const [id] = await storeImages({ db, store: appObjectStore(), customerId: null, files: [{ bytes: new Uint8Array(await file.arrayBuffer()), size: file.size }] });
  return Response.json({ id }, { status: 201 });
});
