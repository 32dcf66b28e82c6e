import { shopRoute } from "@/lib/api/shop-route";
import { db } from "@/lib/db";
import { appObjectStore } from "@/lib/storage/app-store";
import { photoFromMultipart, storeImages } from "@/lib/storage/uploads";

/**
 * A photo or a short video for a later POST /api/v1/complaints or /api/v1/ratings (`images: [id]`,
 * at most one video among them); owned by the complaint's customer once attached.
 */
export const POST = shopRoute("/api/v1/uploads", async ({ request }) => {
  const [id] = await storeImages({
    db,
    store: appObjectStore(),
    customerId: null,
    files: [await photoFromMultipart(request)],
  });
  return Response.json({ id }, { status: 201 });
});
