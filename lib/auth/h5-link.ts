import { randomBytes } from "node:crypto";
import { z } from "zod";
import { isUuid } from "../validation";
import { createSignedToken, verifySignedToken, type TokenCheck } from "./signed-token";

/** Where the shop app's entry points land (order detail "问题反馈", cart "帮助", "我的-客服中心", quick lanes, the order-completed rating). */
const H5_ENTRIES = ["order_detail", "cart_help", "service_center", "out_of_stock", "delivery", "rating"] as const;
export type H5Entry = (typeof H5_ENTRIES)[number];
export const h5EntrySchema = z.enum(H5_ENTRIES);

// `k`: a complaint to land on instead (links in messages about a complaint: result, survey).
// `j`: the link's unique id (jti). A link is exchanged once for a session; h5_sessions.link_jti
// remembers it, so a second open (a forwarded link) is refused.
// `r`: the session may also see the customer's recent orders (the widget: the shop vouches for its
// signed-in customer, who may ask about any of them), not only `o`.
export type H5LinkPayload = { o: string; c: string; e: H5Entry; k?: string; j: string; r?: 1 };
const LINK_PURPOSE = "h5-link";
const JTI = /^[A-Za-z0-9_-]{16,64}$/;

/** 128 random bits, base64url: the jti of one link. */
export function newH5LinkId(): string {
  return randomBytes(16).toString("base64url");
}

export function createH5LinkToken({
  orderNo,
  customerId,
  entry,
  complaintId,
  expiresAt,
  secret,
  jti = newH5LinkId(),
  recentOrders = false,
}: {
  orderNo: string;
  customerId: string;
  entry: H5Entry;
  complaintId?: string;
  expiresAt: Date;
  secret: string;
  jti?: string;
  recentOrders?: boolean;
}): string {
  return createSignedToken<H5LinkPayload>({
    payload: {
      o: orderNo,
      c: customerId,
      e: entry,
      ...(complaintId ? { k: complaintId } : {}),
      j: jti,
      ...(recentOrders ? { r: 1 as const } : {}),
    },
    purpose: LINK_PURPOSE,
    expiresAt,
    secret,
  });
}

/**
 * Signature, expiry and shape. Links signed before links had a jti are refused as invalid: they
 * could not be made single-use (they expired within H5_LINK_TTL_HOURS of the upgrade anyway).
 */
export function verifyH5LinkToken({
  token,
  secret,
  now,
}: {
  token: string;
  secret: string;
  now?: Date;
}): TokenCheck<H5LinkPayload> {
  const check = verifySignedToken<H5LinkPayload>({ token, purpose: LINK_PURPOSE, secret, now });
  if (!check.ok) return check;
  const { o, c, e, k, j, r } = check.payload;
  if (typeof o !== "string" || typeof c !== "string" || !h5EntrySchema.safeParse(e).success)
    return { ok: false, reason: "invalid" };
  if (k !== undefined && (typeof k !== "string" || !isUuid(k))) return { ok: false, reason: "invalid" };
  if (typeof j !== "string" || !JTI.test(j)) return { ok: false, reason: "invalid" };
  if (r !== undefined && r !== 1) return { ok: false, reason: "invalid" };
  return check;
}

/** The H5 page a verified link lands on. */
export function h5LandingPath({ o: orderNo, e: entry, k: complaintId }: Pick<H5LinkPayload, "o" | "e" | "k">): string {
  if (complaintId) return `/h5/complaints/${complaintId}`;
  const order = `/h5/orders/${encodeURIComponent(orderNo)}/new`;
  switch (entry) {
    case "order_detail":
      return order;
    case "out_of_stock":
      return `${order}?type=product.out_of_stock`;
    case "delivery":
      return `${order}?group=delivery`;
    case "rating":
      return `/h5/orders/${encodeURIComponent(orderNo)}/rate`;
    case "cart_help":
    case "service_center":
      return "/h5";
  }
}
