import { issueH5Link } from "../../lib/auth/issue-h5-link";
import { findH5Session, type H5Session } from "../../lib/auth/h5-session-store";
import type { H5Entry } from "../../lib/auth/h5-link";
import { openH5Link } from "../../lib/auth/open-h5-link";
import { testDb } from "./db-helpers";

export const LINK_SECRET = () => process.env.H5_LINK_SECRET!;

/** A link as the shop API issues it; returns the token (the `t` of its URL). */
export async function linkToken({
  orderNo,
  entry = "order_detail",
  complaintId,
  ttlHours = 72,
  now,
}: {
  orderNo: string;
  entry?: H5Entry;
  complaintId?: string;
  ttlHours?: number;
  now?: Date;
}) {
  const { url } = await issueH5Link({
    db: testDb,
    orderNo,
    entry,
    complaintId,
    appUrl: "http://kesu.test",
    secret: LINK_SECRET(),
    ttlHours,
    issuedBy: { type: "shop" },
    via: "shop_api",
    now,
  });
  return new URL(url).searchParams.get("t")!;
}

/** Opens a link the way /h5/enter does, with `current` as this browser's session. */
export function openLink({
  token,
  current = null,
  switchConfirmed,
  now,
  address = "203.0.113.7",
}: {
  token: string;
  current?: H5Session | null;
  switchConfirmed?: boolean;
  now?: Date;
  address?: string;
}) {
  return openH5Link({
    db: testDb,
    token,
    secret: LINK_SECRET(),
    current,
    switchConfirmed,
    client: { userAgent: "Mozilla/5.0 (iPhone) KesuTest", address },
    now,
  });
}

/** A fresh link for the order opened in a browser with no session: the session and its cookie secret. */
export async function signedInSession({
  orderNo,
  complaintId,
  now,
}: {
  orderNo: string;
  complaintId?: string;
  now?: Date;
}) {
  const outcome = await openLink({ token: await linkToken({ orderNo, complaintId, now }), now });
  if (outcome.kind !== "signed_in" || !outcome.session) throw new Error(`no session: ${JSON.stringify(outcome)}`);
  const session = await findH5Session({ db: testDb, secret: outcome.session.secret, now });
  if (!session) throw new Error("session not found");
  return { secret: outcome.session.secret, session };
}
