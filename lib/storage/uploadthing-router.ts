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
import { detectImageType, MAX_IMAGES } from "./image-rules";
import type { ObjectStore } from "./object-store";

/** Who may upload, and where the photo goes: checked in the middleware, carried to the completion. */
export type UploadGrant = { customerId: string | null; staffId: string | null; complaintId: string | null };

const photoInput = z.object({ complaintId: z.uuid().optional() });

/**
 * The upload's middleware, before UploadThing hands out an upload URL:
 * - the signed-in H5 customer: a photo for the form they are filling (attached when the complaint
 *   is filed, as with /h5/uploads), or for one of their complaints in the session's scope; their
 *   upload limit counts;
 * - staff: a photo for a complaint they may see and add to (`complaint.note`), in their groups.
 * Anyone else, or a complaint outside what they may see, is refused (it does not exist for them).
 */
async function authorizeUpload({ db, complaintId }: { db: Db; complaintId?: string }): Promise<UploadGrant> {
  const session = await getH5Session();
  if (session) {
    if (complaintId) {
      await assertComplaintInScope({ db, principal: session.principal, complaintId });
      await assertRoomForPhoto({ db, complaintId });
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
  await assertRoomForPhoto({ db, complaintId });
  return { customerId: complaint.customerId, staffId: staff.id, complaintId };
}

/** A complaint holds at most MAX_IMAGES photos, however they came. */
async function assertRoomForPhoto({ db, complaintId }: { db: Db; complaintId: string }) {
  if ((await db.upload.count({ where: { complaintId } })) >= MAX_IMAGES)
    throw new AppError("too_many_images", { params: { max: MAX_IMAGES } });
}

/**
 * UploadThing's completion callback: the file is checked by its content (the bytes, not the type
 * the browser claimed) and recorded like a photo stored by the app — unattached for a form, or on
 * its complaint after its photos. A file that is not an image is deleted again and not recorded.
 */
async function recordUploadedFile({
  db,
  store,
  grant,
  file,
}: {
  db: Db;
  store: ObjectStore;
  grant: UploadGrant;
  file: { key: string; size: number };
}): Promise<{ id: string | null }> {
  const bytes = await store.get(file.key);
  const contentType = bytes ? detectImageType(bytes.subarray(0, 16)) : null;
  if (!contentType) {
    await store.remove(file.key).catch(() => undefined);
    return { id: null };
  }
  return db.$transaction(async (tx) => {
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

/**
 * The file router served at /api/uploadthing when UPLOADTHING_TOKEN is set: photos go from the
 * phone straight to UploadThing (never through a server action's body), and come back here.
 */
export function uploadRouter({ store }: { store: () => ObjectStore }) {
  return {
    photo: f({ image: { maxFileSize: "4MB", maxFileCount: MAX_IMAGES } })
      .input(photoInput)
      .middleware(async ({ input }) => {
        try {
          return await authorizeUpload({ db, complaintId: input.complaintId });
        } catch (error) {
          // Expected refusals (no session, out of scope, a limit) say so; anything else is a 500.
          if (isAppError(error)) throw new UploadThingError({ code: "FORBIDDEN", message: error.code });
          throw error;
        }
      })
      .onUploadComplete(async ({ metadata, file }) =>
        recordUploadedFile({ db, store: store(), grant: metadata, file }),
      ),
  } satisfies FileRouter;
}
