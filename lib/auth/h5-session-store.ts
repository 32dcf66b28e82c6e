import { createHash, randomBytes } from "node:crypto";
import { sqlPool, type Db } from "../db-client";
import type { CustomerTier } from "../generated/prisma/enums";
import type { H5Entry } from "./h5-link";
import type { H5Principal, H5Scope } from "./h5-scope";
import { readH5Session } from "./h5-session-read";

/** The session cookie: the random secret only, never who it is. Here, not in the server-only h5-session.ts, so tools outside Next can name it. */
export const H5_SESSION_COOKIE = "kesu_h5";

/**
 * H5 sessions live in `h5_sessions`; the browser holds only a random 32-byte secret (the
 * `kesu_h5` cookie) and the table only its SHA-256, so neither a database dump nor the audit log
 * holds anything that signs a customer in.
 *
 * Lifetime — 30 minutes idle, 24 hours at most:
 * - 30 minutes without a request is longer than filing a complaint takes (type, text, three
 *   photos) with room to spare, and a complaint page left open keeps its session alive by itself
 *   (it polls every 4 s while visible) — so nobody watching for our reply is signed out.
 * - 24 hours bounds what a copied cookie or a phone left unlocked is worth. A customer who comes
 *   back the next day comes through a fresh link from the app, which is how the shop app opens
 *   H5 anyway (every tap on 问题反馈 / 客服中心 asks the shop for a new link).
 */
export const H5_SESSION_IDLE_MINUTES = 30;
export const H5_SESSION_MAX_HOURS = 24;
/** Orders one session may collect from links of the same customer (see openH5Link). */
export const MAX_SCOPE_ORDERS = 20;

const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type H5Session = {
  id: string;
  customer: { id: string; name: string; tier: CustomerTier; locale: string };
  scope: H5Scope;
  principal: H5Principal;
  createdAt: Date;
  expiresAt: Date;
};

export function newSessionSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export type SessionEnd = { revokedAt: Date | null; expiresAt: Date; lastSeenAt: Date; idleTimeoutSeconds: number };

/** Why a session no longer counts, or null while it does. */
export function sessionEnded(row: SessionEnd, now: Date): "revoked" | "expired" | "idle" | null {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  if (now.getTime() - row.lastSeenAt.getTime() >= row.idleTimeoutSeconds * 1000) return "idle";
  return null;
}

/**
 * The session a cookie's secret belongs to, if it is still valid (not revoked, not past its
 * absolute or idle expiry); records the activity (at most once a minute). Read in the grouped
 * statement of h5-session-read.ts: every H5 request asks, the form's submit under a wave too.
 */
export async function findH5Session({
  db,
  secret,
  now = new Date(),
}: {
  db: Db;
  secret: string | null | undefined;
  now?: Date;
}): Promise<H5Session | null> {
  if (!secret || !SECRET_SHAPE.test(secret)) return null;
  const row = await readH5Session({ pool: sqlPool(db), tokenHash: hashSessionSecret(secret), now });
  if (!row || sessionEnded(row, now)) return null;
  const scope: H5Scope = { orderNos: row.orderNos, entry: row.entry as H5Entry, complaintId: row.complaintId };
  return {
    id: row.id,
    customer: row.customer,
    scope,
    principal: { customerId: row.customer.id, orderNos: row.orderNos },
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

// Kept past the longest a link can live (H5_LINK_TTL_HOURS ≤ 30 days, result links 7 days): the
// row is what refuses a second open of its link, and what staff read about the customer's access.
const KEEP_DAYS = 31;

/** Hourly: sessions older than any link they could have been opened by. */
export async function pruneH5Sessions({ db, now = new Date() }: { db: Db; now?: Date }) {
  const { count } = await db.h5Session.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - KEEP_DAYS * 86_400_000) } },
  });
  return { deleted: count };
}
