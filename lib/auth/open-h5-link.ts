import { recordAudit } from "../audit/record-audit";
import { maskName } from "../customers/mask-name";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import { h5LandingPath, verifyH5LinkToken, type H5LinkPayload } from "./h5-link";
import { isOrderInScope } from "./h5-scope";
import {
  H5_SESSION_IDLE_MINUTES,
  H5_SESSION_MAX_HOURS,
  hashSessionSecret,
  MAX_SCOPE_ORDERS,
  newSessionSecret,
  type H5Session,
} from "./h5-session-store";
import { networkPrefix } from "./network-prefix";

type LinkRefusal = "link_invalid" | "link_expired" | "link_used";

type CheckedLink = { payload: H5LinkPayload; customer: { id: string; name: string } };

/**
 * Everything about a link but whether it was used: signature and expiry, and that the order is
 * still this customer's (it may have moved since the link was signed — trust the database) and
 * the complaint it points to is on that order.
 */
async function checkLink({
  db,
  token,
  secret,
  now,
}: {
  db: Db;
  token: string;
  secret: string;
  now: Date;
}): Promise<{ ok: true; link: CheckedLink } | { ok: false; code: LinkRefusal }> {
  const check = verifyH5LinkToken({ token, secret, now });
  if (!check.ok) return { ok: false, code: check.reason === "expired" ? "link_expired" : "link_invalid" };
  const { o: orderNo, c: customerId, k: complaintId } = check.payload;
  const order = await db.order.findUnique({
    where: { orderNo },
    select: { id: true, customerId: true, customer: { select: { id: true, name: true } } },
  });
  if (!order || order.customerId !== customerId) return { ok: false, code: "link_invalid" };
  if (
    complaintId &&
    !(await db.complaint.findFirst({ where: { id: complaintId, orderId: order.id, customerId }, select: { id: true } }))
  )
    return { ok: false, code: "link_invalid" };
  return { ok: true, link: { payload: check.payload, customer: order.customer } };
}

/** How far back a widget session reaches: the orders a customer still asks about. */
const RECENT_ORDER_DAYS = 90;

/** The customer's orders of the last RECENT_ORDER_DAYS, newest first, at most MAX_SCOPE_ORDERS. */
async function recentOrderNos({ db, customerId, now }: { db: Db; customerId: string; now: Date }) {
  const orders = await db.order.findMany({
    where: { customerId, placedAt: { gte: new Date(now.getTime() - RECENT_ORDER_DAYS * 86_400_000) } },
    orderBy: { placedAt: "desc" },
    take: MAX_SCOPE_ORDERS,
    select: { orderNo: true },
  });
  return orders.map((order) => order.orderNo);
}

async function linkUsed(db: Db, jti: string): Promise<boolean> {
  return (await db.h5Session.count({ where: { linkJti: jti } })) > 0;
}

type OpenedSession = { id: string; secret: string; expiresAt: Date };

export type OpenLinkOutcome =
  | { kind: "refused"; code: LinkRefusal }
  /** Another customer is signed in here: ask before switching (never on a GET). */
  | { kind: "confirm_switch" }
  /** `session` null: this browser's session already covers the link (the same link opened again). */
  | { kind: "signed_in"; landing: string; session: OpenedSession | null };

/**
 * Opening an H5 link: the link is exchanged, once, for a new session.
 *
 * - A link already exchanged is refused (`link_used`) — unless it is this browser that did it and
 *   its session still covers the link's order: a second tap on the same SMS just lands.
 * - Another customer signed in here: `confirm_switch`, nothing changes until the customer
 *   confirms with a same-origin POST (`switchConfirmed`). A link in someone's mail or chat must
 *   not silently turn the browser into another customer's (login CSRF).
 * - The same customer with a link for another order: one new session whose scope is both orders
 *   (the old one ends as `superseded`). A new secret whenever the scope grows, so a cookie copied
 *   earlier never gains orders.
 */
export async function openH5Link({
  db,
  token,
  secret,
  current,
  switchConfirmed = false,
  client,
  now = new Date(),
}: {
  db: Db;
  token: string;
  secret: string;
  /** The session this browser already has (valid), or null. */
  current: H5Session | null;
  switchConfirmed?: boolean;
  client: { userAgent: string | null; address: string | null };
  now?: Date;
}): Promise<OpenLinkOutcome> {
  const checked = await checkLink({ db, token, secret, now });
  if (!checked.ok) return { kind: "refused", code: checked.code };
  const { payload } = checked.link;
  const landing = h5LandingPath(payload);
  const sameCustomer = current?.customer.id === payload.c;

  if (await linkUsed(db, payload.j)) {
    if (current && sameCustomer && isOrderInScope(current.principal, payload.o))
      return { kind: "signed_in", landing, session: null };
    return { kind: "refused", code: "link_used" };
  }
  if (current && !sameCustomer && !switchConfirmed) return { kind: "confirm_switch" };

  const orderNos = [
    ...new Set([
      payload.o,
      // What the session already had comes before the widget's recent orders: those can be asked for again.
      ...(sameCustomer && current ? current.scope.orderNos : []),
      ...(payload.r ? await recentOrderNos({ db, customerId: payload.c, now }) : []),
    ]),
  ].slice(0, MAX_SCOPE_ORDERS);
  const sessionSecret = newSessionSecret();
  const expiresAt = new Date(now.getTime() + H5_SESSION_MAX_HOURS * 3_600_000);
  const network = networkPrefix(client.address);
  try {
    const session = await db.$transaction(async (tx) => {
      if (current)
        await tx.h5Session.updateMany({
          where: { id: current.id, revokedAt: null },
          data: { revokedAt: now, revokedReason: sameCustomer ? "superseded" : "switched" },
        });
      const created = await tx.h5Session.create({
        data: {
          customerId: payload.c,
          tokenHash: hashSessionSecret(sessionSecret),
          linkJti: payload.j,
          orderNos,
          entry: payload.e,
          complaintId: payload.k ?? null,
          createdAt: now,
          lastSeenAt: now,
          idleTimeoutSeconds: H5_SESSION_IDLE_MINUTES * 60,
          expiresAt,
          userAgent: client.userAgent?.slice(0, 300) || null,
          network,
        },
        select: { id: true },
      });
      await recordAudit({
        db: tx,
        entry: {
          actor: { type: "customer", id: payload.c },
          action: "h5.session_started",
          target: { type: "h5_session", id: created.id },
          after: {
            customerId: payload.c,
            orderNo: payload.o,
            orderNos,
            entry: payload.e,
            ...(payload.k ? { complaintId: payload.k } : {}),
            jti: payload.j,
            expiresAt: expiresAt.toISOString(),
            ...(current ? { replaces: current.id, replacedBecause: sameCustomer ? "superseded" : "switched" } : {}),
          },
          ip: network,
        },
      });
      return created;
    });
    return { kind: "signed_in", landing, session: { id: session.id, secret: sessionSecret, expiresAt } };
  } catch (error) {
    // Two opens of one link at once: the unique jti lets one through.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return { kind: "refused", code: "link_used" };
    throw error;
  }
}

export type SwitchPreview =
  | { ok: true; jti: string; orderNo: string; linkCustomer: string; currentCustomer: string | null }
  | { ok: false; code: LinkRefusal };

/** What the "switch customer?" page shows: both names masked, the link's order, and its jti for the form. */
export async function previewH5Switch({
  db,
  token,
  secret,
  current,
  now = new Date(),
}: {
  db: Db;
  token: string;
  secret: string;
  current: H5Session | null;
  now?: Date;
}): Promise<SwitchPreview> {
  const checked = await checkLink({ db, token, secret, now });
  if (!checked.ok) return checked;
  if (await linkUsed(db, checked.link.payload.j)) return { ok: false, code: "link_used" };
  return {
    ok: true,
    jti: checked.link.payload.j,
    orderNo: checked.link.payload.o,
    linkCustomer: maskName(checked.link.customer.name),
    currentCustomer:
      current && current.customer.id !== checked.link.customer.id ? maskName(current.customer.name) : null,
  };
}

/** The jti a pending link carries (to bind the confirmation form to the link it showed), or null. */
export function linkJti({ token, secret, now }: { token: string; secret: string; now?: Date }): string | null {
  const check = verifyH5LinkToken({ token, secret, now });
  return check.ok ? check.payload.j : null;
}
