import { h5ComplaintScope, type H5Principal } from "../auth/h5-scope";
import { isUuid } from "../validation";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { decimalToFen } from "../money";
import { isVideoType } from "../storage/video-rules";
import type { Category } from "./vocabulary/taxonomy";

// A customer sees it through an H5 session: their own complaints on the orders the session is for.
export type ComplaintViewer = { kind: "customer"; principal: H5Principal } | { kind: "shop" };

/**
 * A complaint as the customer (or the shop on the customer's behalf) may see it: only the
 * customer-visible timeline. A customer asking for someone else's complaint (or one on an order
 * outside the session's scope) gets "not found", exactly as for an id that does not exist.
 */
export async function getComplaintView({
  db,
  id,
  viewer,
  now = new Date(),
}: {
  db: Db;
  id: string;
  viewer: ComplaintViewer;
  now?: Date;
}) {
  if (!isUuid(id)) throw new AppError("complaint_not_found");
  const complaint = await db.complaint.findFirst({
    where: { id, ...(viewer.kind === "customer" ? h5ComplaintScope(viewer.principal) : {}) },
    select: {
      id: true,
      category: true,
      description: true,
      status: true,
      priority: true,
      createdAt: true,
      firstResponseDueAt: true,
      order: { select: { orderNo: true } },
      group: { select: { code: true } },
      images: { select: { id: true, contentType: true }, orderBy: { position: "asc" } },
      events: {
        where: { customerVisible: true },
        select: { id: true, at: true, kind: true, payload: true },
        orderBy: [{ at: "asc" }, { id: "asc" }],
      },
      compensations: {
        select: { id: true, type: true, amount: true, status: true, validUntil: true },
        orderBy: { createdAt: "asc" },
      },
      version: true,
      surveyAsksNps: true,
      surveyResponse: { select: { csat: true } },
    },
  });
  if (!complaint) throw new AppError("complaint_not_found");
  return {
    id: complaint.id,
    orderNo: complaint.order.orderNo,
    category: complaint.category as Category,
    description: complaint.description,
    status: complaint.status,
    priority: complaint.priority,
    group: complaint.group.code,
    createdAt: complaint.createdAt,
    firstResponseDueAt: complaint.firstResponseDueAt,
    // Photos and the video, in order; the page shows a video as <video>.
    files: complaint.images.map((image) => ({ id: image.id, video: isVideoType(image.contentType) })),
    timeline: complaint.events.map((event) => ({
      at: event.at,
      kind: event.kind,
      payload: event.payload as Record<string, unknown>,
    })),
    survey: { asksNps: complaint.surveyAsksNps, answeredCsat: complaint.surveyResponse?.csat ?? null },
    compensations: complaint.compensations.map((c) => ({
      id: c.id,
      type: c.type,
      amountFen: decimalToFen(c.amount),
      status: c.status,
      validUntil: c.validUntil,
      // An offer past its validity can no longer be claimed (claimCompensation refuses it too).
      expired: c.status === "offered" && c.validUntil !== null && c.validUntil <= now,
    })),
    // Changes whenever something the customer can see changes (used by the page's live refresh).
    marker: updateMarker({
      version: complaint.version,
      lastEventId: complaint.events.at(-1)?.id ?? null,
      compensationStatuses: complaint.compensations.map((c) => c.status),
    }),
  };
}

function updateMarker({
  version,
  lastEventId,
  compensationStatuses,
}: {
  version: number;
  lastEventId: bigint | null;
  compensationStatuses: string[];
}): string {
  return `${version}.${lastEventId ?? 0}.${compensationStatuses.join(",")}`;
}

/** Just the marker, for the live-refresh poll: cheap, and "not found" for anyone but the owner. */
export async function getComplaintMarker({
  db,
  id,
  principal,
}: {
  db: Db;
  id: string;
  principal: H5Principal;
}): Promise<string> {
  if (!isUuid(id)) throw new AppError("complaint_not_found");
  const complaint = await db.complaint.findFirst({
    where: { id, ...h5ComplaintScope(principal) },
    select: {
      version: true,
      surveyAsksNps: true,
      surveyResponse: { select: { csat: true } },
      events: { where: { customerVisible: true }, select: { id: true }, orderBy: { id: "desc" }, take: 1 },
      compensations: { select: { status: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!complaint) throw new AppError("complaint_not_found");
  return updateMarker({
    version: complaint.version,
    lastEventId: complaint.events[0]?.id ?? null,
    compensationStatuses: complaint.compensations.map((c) => c.status),
  });
}

export type ComplaintView = Awaited<ReturnType<typeof getComplaintView>>;

/** "My complaints" on H5: the session's orders only. */
export async function listCustomerComplaints({
  db,
  principal,
  take = 50,
}: {
  db: Db;
  principal: H5Principal;
  take?: number;
}) {
  const rows = await db.complaint.findMany({
    where: h5ComplaintScope(principal),
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      category: true,
      status: true,
      createdAt: true,
      description: true,
      order: { select: { orderNo: true } },
    },
  });
  return rows.map((row) => ({ ...row, category: row.category as Category, orderNo: row.order.orderNo }));
}
