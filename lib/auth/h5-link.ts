import { z } from "zod";
import { isUuid } from "../validation";
import { createSignedToken, verifySignedToken, type TokenCheck } from "./signed-token";

/** Where the shop app's entry points land (order detail "问题反馈", cart "帮助", "我的-客服中心", quick lanes). */
export const H5_ENTRIES = ["order_detail", "cart_help", "service_center", "out_of_stock", "delivery"] as const;
export type H5Entry = (typeof H5_ENTRIES)[number];
export const h5EntrySchema = z.enum(H5_ENTRIES);

// `k`: a complaint to land on instead (links in messages about a complaint: result, survey).
export type H5LinkPayload = { o: string; c: string; e: H5Entry; k?: string };
const LINK_PURPOSE = "h5-link";

export function createH5LinkToken({
  orderNo,
  customerId,
  entry,
  complaintId,
  expiresAt,
  secret,
}: {
  orderNo: string;
  customerId: string;
  entry: H5Entry;
  complaintId?: string;
  expiresAt: Date;
  secret: string;
}): string {
  return createSignedToken<H5LinkPayload>({ payload: { o: orderNo, c: customerId, e: entry, ...(complaintId ? { k: complaintId } : {}) }, purpose: LINK_PURPOSE, expiresAt, secret });
}

export function verifyH5LinkToken({ token, secret, now }: { token: string; secret: string; now?: Date }): TokenCheck<H5LinkPayload> {
  const check = verifySignedToken<H5LinkPayload>({ token, purpose: LINK_PURPOSE, secret, now });
  if (check.ok && !h5EntrySchema.safeParse(check.payload.e).success) return { ok: false, reason: "invalid" };
  if (check.ok && check.payload.k !== undefined && (typeof check.payload.k !== "string" || !isUuid(check.payload.k))) return { ok: false, reason: "invalid" };
  return check;
}

/** The H5 page a verified link lands on. */
export function h5LandingPath({ o: orderNo, e: entry, k: complaintId }: H5LinkPayload): string {
  if (complaintId) return `/h5/complaints/${complaintId}`;
  const order = `/h5/orders/${encodeURIComponent(orderNo)}/new`;
  switch (entry) {
    case "order_detail":
      return order;
    case "out_of_stock":
      return `${order}?type=product.out_of_stock`;
    case "delivery":
      return `${order}?group=delivery`;
    case "cart_help":
    case "service_center":
      return "/h5";
  }
}
