import type pg from "pg";
import type { CustomerTier } from "../generated/prisma/enums";
import { metrics } from "../metrics/registry";
import {
  createStatementGroup,
  perPool,
  QUERY_TIMEOUT_MS,
  rolledBackForItsData,
  type Pending,
} from "../db-statement-group";

/**
 * The H5 session read, grouped (lib/db-statement-group.ts) and sent through the `pg` pool. Every
 * H5 request reads its session first, the complaint form's submit too, so under a wave this read
 * is as hot as intake's own. Through Prisma (a findUnique with the customer, then now and then an
 * updateMany) it cost the submit about a third of what the bare route serves; here one statement
 * answers up to 32 requests and records their activity in the same round trip.
 *
 * last_seen_at is written at most once a minute per session: the complaint page's 4-second poll
 * would otherwise turn every open page into a stream of UPDATEs. Idle expiry is late by ≤ 1 min.
 * A session is touched for a request that finds it live and due at that request's own time (the
 * conditions are sessionEnded's, h5-session-store.ts, which still judges what this read answers),
 * and the UPDATE judges the row again as it is when it writes, so concurrent requests of one page
 * write once and a revoked, expired or idle session is never revived. A row another transaction
 * holds (a revoke, a link superseding it, another server's read) is skipped, not waited for: the
 * touch is throttled bookkeeping, and waiting would hold every H5 request of the process behind
 * this one statement (and two servers' batches could deadlock). It is touched by a later request.
 */
const LIVE_AND_DUE = (s: string, now: string) => `${s}.revoked_at IS NULL AND ${s}.expires_at > ${now}
    AND ${s}.last_seen_at > ${now} - make_interval(secs => ${s}.idle_timeout_seconds)
    AND ${s}.last_seen_at <= ${now} - interval '1 minute'`;

const SESSION_SQL = `
WITH req AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, token_hash text, now timestamptz)
),
due AS (
  SELECT s.id, max(req.now) AS now FROM req JOIN h5_sessions s ON s.token_hash = req.token_hash
  WHERE ${LIVE_AND_DUE("s", "req.now")}
  GROUP BY s.id
),
free AS (
  SELECT t.id FROM h5_sessions t WHERE t.id IN (SELECT id FROM due) FOR NO KEY UPDATE SKIP LOCKED
),
touched AS (
  UPDATE h5_sessions t SET last_seen_at = due.now FROM due
  WHERE t.id = due.id AND t.id IN (SELECT id FROM free) AND ${LIVE_AND_DUE("t", "due.now")}
)
SELECT req.n, s.id, s.order_nos AS "orderNos", s.entry, s.complaint_id AS "complaintId", s.created_at AS "createdAt",
  s.last_seen_at AS "lastSeenAt", s.idle_timeout_seconds AS "idleTimeoutSeconds", s.expires_at AS "expiresAt",
  s.revoked_at AS "revokedAt", c.id AS "customerId", c.name, c.tier, c.locale
FROM req JOIN h5_sessions s ON s.token_hash = req.token_hash JOIN customers c ON c.id = s.customer_id`;

/**
 * A session's row as read: `lastSeenAt` as it was before this read recorded activity (the
 * statement's snapshot), which is what expiry is judged by.
 */
type H5SessionRow = {
  id: string;
  orderNos: string[];
  entry: string;
  complaintId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  idleTimeoutSeconds: number;
  expiresAt: Date;
  revokedAt: Date | null;
  customer: { id: string; name: string; tier: CustomerTier; locale: string };
};

type Request = { tokenHash: string; now: Date };
type Row = Omit<H5SessionRow, "customer"> & {
  n: number;
  customerId: string;
  name: string;
  tier: CustomerTier;
  locale: string;
};

// As intake's read (intake-context.ts): a statement takes a millisecond or two, and the fewer the more each shares.
const MAX_BATCH = 32;
const MAX_IN_FLIGHT = 1;

function createSessionReader(pool: pg.Pool) {
  const readBatch = async (batch: Pending<Request, H5SessionRow | null>[]): Promise<void> => {
    try {
      const { rows } = await pool.query<Row>({
        name: "kesu_h5_session",
        text: SESSION_SQL,
        values: [
          JSON.stringify(
            batch.map(({ input }, n) => ({ n, token_hash: input.tokenHash, now: input.now.toISOString() })),
          ),
        ],
        query_timeout: QUERY_TIMEOUT_MS,
      } as pg.QueryConfig);
      const byN = new Map(rows.map((row) => [row.n, row]));
      batch.forEach((pending, n) => {
        const row = byN.get(n);
        pending.resolve(row ? sessionRow(row) : null);
      });
    } catch (error) {
      // Should a deadlock or serialization failure roll a batch back whole: each of its requests again alone.
      if (batch.length > 1 && rolledBackForItsData(error))
        await Promise.all(batch.map((pending) => readBatch([pending])));
      else for (const pending of batch) pending.reject(error);
    }
  };
  return createStatementGroup<Request, H5SessionRow | null>({
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    run: readBatch,
    observe: (size) => metrics().h5SessionReadBatch.observe(size),
  });
}

function sessionRow({ n: _, customerId, name, tier, locale, ...session }: Row): H5SessionRow {
  return { ...session, customer: { id: customerId, name, tier, locale } };
}

const readerFor = perPool(createSessionReader);

/** The session row under a token hash (whatever its state), its activity recorded if it is live and due. */
export function readH5Session({ pool, tokenHash, now }: { pool: pg.Pool; tokenHash: string; now: Date }) {
  return readerFor(pool)({ tokenHash, now });
}
