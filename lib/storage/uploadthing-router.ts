import { createUploadthing, type FileRouter } from "uploadthing/next";
import { UploadThingError } from "uploadthing/server";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertComplaintInScope } from "../auth/h5-scope";
import { getH5Session } from "../auth/h5-session";
import { can } from "../auth/permissions";
import { getStaffActor } from "../auth/staff-session";
import { complaintScope } from "../complaints/staff-scope";
import { db } from "../db";
import type { Db } from "../db-client";
import { AppError, isAppError } from "../errors";
import { enforceRateLimit } from "../rate-limit/consume-rate-limit";
import { MAX_IMAGES } from "./image-rules";
import type { ObjectStore } from "./object-store";
import { checkUpload } from "./uploads";
import { MAX_VIDEOS, VIDEO_TYPES } from "./video-rules";

/** Who may upload, and where the file goes: checked in the middleware, carried to the completion. */
export type UploadGrant = { customerId: string | null; staffId: string | null; complaintId: string | null };

const photoInput = z.object({ complaintId: z.uuid().optional() });

/** The router's two endpoints: photos, and the one video. */
type Kind = "photo" | "video";

/**
 * The upload's middleware, before UploadThing hands out an upload URL:
 * - the signed-in H5 customer: a photo for the form they are filling (attached when the complaint
 *   is filed, as with /h5/uploads), or for one of their complaints in the session's scope; their
 *   upload limit counts;
 * - staff: a photo for a complaint they may see and add to (`complaint.note`), in their groups.
 * Anyone else, or a complaint outside what they may see, is refused (it does not exist for them).
 */
async function authorizeUpload({
  db,
  complaintId,
  kind,
}: {
  db: Db;
  complaintId?: string;
  kind: Kind;
}): Promise<UploadGrant> {
  const session = await getH5Session();
  if (session) {
    if (complaintId) {
      await assertComplaintInScope({ db, principal: session.principal, complaintId });
      await assertRoomFor({ db, complaintId, kind });
    }
    await enforceRateLimit({ db, rule: "upload_customer", subject: session.customer.id });
    return { customerId: session.customer.id, staffId: null, complaintId: complaintId ?? null };
  }
  const staff = await getStaffActor();
  if (!staff || !can(staff.role, "complaint.note"))
    throw new UploadThingError({ code: "FORBIDDEN", message: "forbidden" });
  if (!complaintId) throw new UploadThingError({ code: "BAD_REQUEST", message: "complaint required" });
  const complaint = await db.complaint.findFirst({
    where: { id: complaintId, ...complaintScope(staff) },
    select: { customerId: true },
  });
  if (!complaint) throw new UploadThingError({ code: "NOT_FOUND", message: "complaint_not_found" });
  await assertRoomFor({ db, complaintId, kind });
  return { customerId: complaint.customerId, staffId: staff.id, complaintId };
}

/** A complaint holds at most MAX_IMAGES files, of which MAX_VIDEOS videos, however they came. */
async function assertRoomFor({ db, complaintId, kind }: { db: Pick<Db, "upload">; complaintId: string; kind: Kind }) {
  if ((await db.upload.count({ where: { complaintId } })) >= MAX_IMAGES)
    throw new AppError("too_many_images", { params: { max: MAX_IMAGES } });
  if (
    kind === "video" &&
    (await db.upload.count({ where: { complaintId, contentType: { in: [...VIDEO_TYPES] } } })) >= MAX_VIDEOS
  )
    throw new AppError("too_many_videos", { params: { max: MAX_VIDEOS } });
}

/**
 * UploadThing's completion callback: the file is checked by its content as the app's own uploads
 * are (checkUpload: the bytes decide; a photo endpoint's file must be a photo, the video
 * endpoint's a video, of the size and length allowed) and recorded like one — unattached for a
 * form, or on its complaint after its files, while the complaint still has room (checked again
 * under the complaint's row lock: two uploads may have passed the middleware at once). A refused
 * file is deleted again and not recorded; `refused` tells the picker why.
 */
async function recordUploadedFile({
  db,
  store,
  grant,
  file,
  kind,
}: {
  db: Db;
  store: ObjectStore;
  grant: UploadGrant;
  file: { key: string; size: number };
  kind: Kind;
}): Promise<{ id: string | null; refused?: string }> {
  const refuse = async (code: string) => {
    await store.remove(file.key).catch(() => undefined);
    return { id: null, refused: code };
  };
  const bytes = await store.get(file.key);
  if (!bytes) return refuse("upload_not_found");
  try {
    // The endpoint's kind is the claim the bytes must bear out.
    const { contentType } = checkUpload({
      bytes,
      size: bytes.length,
      claimedType: kind === "video" ? "video/*" : "image/*",
    });
    return await recordChecked({ db, store, grant, file: { key: file.key, size: bytes.length }, contentType, kind });
  } catch (error) {
    if (isAppError(error)) return refuse(error.code);
    throw error;
  }
}

async function recordChecked({
  db,
  store,
  grant,
  file,
  contentType,
  kind,
}: {
  db: Db;
  store: ObjectStore;
  grant: UploadGrant;
  file: { key: string; size: number };
  contentType: string;
  kind: Kind;
}): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    if (grant.complaintId) {
      await tx.$executeRaw`SELECT 1 FROM complaints WHERE id = ${grant.complaintId}::uuid FOR UPDATE`;
      await assertRoomFor({ db: tx, complaintId: grant.complaintId, kind });
    }
    const position = grant.complaintId ? await tx.upload.count({ where: { complaintId: grant.complaintId } }) : null;
    const upload = await tx.upload.create({
      data: {
        storage: store.kind,
        key: file.key,
        contentType,
        size: file.size,
        customerId: grant.customerId,
        complaintId: grant.complaintId,
        position,
      },
      select: { id: true },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: grant.staffId ? { type: "staff", id: grant.staffId } : { type: "customer", id: grant.customerId },
        action: "upload.stored",
        target: { type: "upload", id: upload.id },
        after: {
          contentType,
          size: file.size,
          via: "uploadthing",
          ...(grant.complaintId ? { complaintId: grant.complaintId } : {}),
        },
      },
    });
    return upload;
  });
}

const f = createUploadthing();

async function middlewareFor({ complaintId, kind }: { complaintId?: string; kind: Kind }) {
  try {
    return await authorizeUpload({ db, complaintId, kind });
  } catch (error) {
    // Expected refusals (no session, out of scope, a limit) say so; anything else is a 500.
    if (isAppError(error)) throw new UploadThingError({ code: "FORBIDDEN", message: error.code });
    throw error;
  }
}

/**
 * The file router served at /api/uploadthing when UPLOADTHING_TOKEN is set: photos and the video
 * go from the phone straight to UploadThing (never through a server action's body), and come back
 * here. UploadThing's size limits are powers of two: 8MB and 32MB let a 5 MB photo and a 20 MB video through to the
 * completion, which holds them to MAX_IMAGE_BYTES and MAX_VIDEO_BYTES.
 */
export function uploadRouter({ store }: { store: () => ObjectStore }) {
  return {
    photo: f({ image: { maxFileSize: "8MB", maxFileCount: MAX_IMAGES } })
      .input(photoInput)
      .middleware(({ input }) => middlewareFor({ complaintId: input.complaintId, kind: "photo" }))
      .onUploadComplete(async ({ metadata, file }) =>
        recordUploadedFile({ db, store: store(), grant: metadata, file, kind: "photo" }),
      ),
    video: f({ video: { maxFileSize: "32MB", maxFileCount: MAX_VIDEOS } })
      .input(photoInput)
      .middleware(({ input }) => middlewareFor({ complaintId: input.complaintId, kind: "video" }))
      .onUploadComplete(async ({ metadata, file }) =>
        recordUploadedFile({ db, store: store(), grant: metadata, file, kind: "video" }),
      ),
  } satisfies FileRouter;
}
