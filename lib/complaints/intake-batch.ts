import type pg from "pg";
import { metrics } from "../metrics/registry";
import {
  createStatementGroup,
  perPool,
  QUERY_TIMEOUT_MS,
  rolledBackForItsData,
  type Pending as StatementPending,
} from "../db-statement-group";
import { INSERT_COMPLAINT, poolRunner, writeIntakeRows, type IntakeRows } from "./intake-statement";

/**
 * Group commit for intake's write (lib/db-statement-group.ts): complaints handed over in one turn of the
 * event loop, or while earlier writes are in flight, go to PostgreSQL together, as one statement and
 * one commit, instead of one each.
 *
 * Each complaint keeps its own outcome: written, or not written because its idempotency key was
 * taken (the caller answers the first complaint). A batch that fails as a whole — a photo that is
 * not its complaint's, two complaints claiming one photo — is written again one complaint at a
 * time, so only the complaint at fault is refused, with its own error.
 */

// Every part of a complaint reads `mine` (the complaints this statement inserted), so a complaint
// whose key was taken writes nothing, as in the single statement (intake-statement.ts).
const BATCH_SQL = `
WITH p AS (SELECT $1::jsonb AS j),
items AS (SELECT i.item, i.n FROM p, jsonb_array_elements(p.j) WITH ORDINALITY i(item, n)),
c AS (
  ${INSERT_COMPLAINT}
  FROM items, jsonb_populate_record(NULL::complaints, items.item->'complaint') r
  ORDER BY items.n
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id
),
mine AS (SELECT items.item, items.n, c.id FROM items JOIN c ON c.id = (items.item->'complaint'->>'id')::uuid),
img AS (
  UPDATE uploads u SET complaint_id = m.id, customer_id = (m.item->'complaint'->>'customer_id')::uuid, position = (x.k - 1)::int
  FROM mine m, jsonb_array_elements_text(m.item->'imageIds') WITH ORDINALITY x(id, k)
  WHERE u.id = x.id::uuid AND u.complaint_id IS NULL AND u.customer_id IS NOT DISTINCT FROM (m.item->>'imageOwner')::uuid
    AND (u.rating_id IS NULL OR u.rating_id = (m.item->>'imageRating')::uuid)
  RETURNING u.id
),
ev AS (
  INSERT INTO complaint_events (complaint_id, at, actor_type, actor_id, kind, customer_visible, payload)
  SELECT m.id, e.at, e.actor_type, e.actor_id, e.kind, e.customer_visible, e.payload
  FROM mine m, jsonb_populate_recordset(NULL::complaint_events, m.item->'events') WITH ORDINALITY e
  ORDER BY m.n, e.ordinality
),
au AS (
  INSERT INTO audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, before, after, ip)
  SELECT a.actor_type, a.actor_id, a.actor_label, a.action, a.target_type, a.target_id, a.before, a.after, a.ip
  FROM mine m, jsonb_populate_recordset(NULL::audit_log, m.item->'audits') WITH ORDINALITY a
  ORDER BY m.n, a.ordinality
),
ob AS (
  INSERT INTO outbox_events (name, aggregate_id, data)
  SELECT o.name, o.aggregate_id, o.data
  FROM mine m, jsonb_populate_recordset(NULL::outbox_events, m.item->'outbox') WITH ORDINALITY o
  ORDER BY m.n, o.ordinality
),
ex AS (
  INSERT INTO experiment_exposures (experiment_id, arm, customer_id, complaint_id, exposed_at)
  SELECT x.experiment_id, x.arm, x.customer_id, m.id, x.exposed_at
  FROM mine m, jsonb_populate_recordset(NULL::experiment_exposures, m.item->'exposures') x
)
SELECT coalesce((SELECT json_agg(id) FROM c), '[]') AS ids,
  -- Every photo of every inserted complaint attached, or the whole batch is refused (and retried one by one).
  CASE WHEN (SELECT count(*) FROM img) = (SELECT coalesce(sum(jsonb_array_length(m.item->'imageIds')), 0) FROM mine m)
    THEN true ELSE kesu_refuse('batch') END AS ok`;

/** Most complaints in one statement, and statements in flight at once (of the pool's connections). */
const MAX_BATCH = 32;
const MAX_IN_FLIGHT = 3;

type Pending = StatementPending<IntakeRows, boolean>;

function createIntakeWriter(pool: pg.Pool) {
  const writeAlone = async (item: Pending) => {
    try {
      item.resolve(await writeIntakeRows({ run: poolRunner(pool), rows: item.input }));
    } catch (error) {
      item.reject(error);
    }
  };

  const writeBatch = async (batch: Pending[], { split = true } = {}): Promise<void> => {
    if (batch.length === 1) return writeAlone(batch[0]!);
    try {
      const { rows } = await pool.query<{ ids: string[] }>({
        name: "kesu_intake_write_batch",
        text: BATCH_SQL,
        values: [JSON.stringify(batch.map((item) => item.input))],
        query_timeout: QUERY_TIMEOUT_MS,
      } as pg.QueryConfig);
      const written = new Set(rows[0]?.ids ?? []);
      for (const item of batch) item.resolve(written.has(item.input.complaint.id));
    } catch (error) {
      // Only when PostgreSQL rolled the statement back (rolledBackForItsData) is nothing of the
      // batch written for sure; then the complaints again, each for its own answer. One
      // after another: two of them claiming one photo must see each other's commit, so the second
      // is told the photo is in use (concurrent statements would both see it free in their snapshots).
      // Anything else (a lost connection, a timeout: the batch may have committed, and retrying
      // one by one would only wait longer) is every complaint's answer, as for one alone.
      if (!rolledBackForItsData(error)) {
        for (const item of batch) item.reject(error);
        return;
      }
      // The complaints without photos cannot be the refused ones: together again, once. Those with
      // photos one after another (see above).
      const plain = batch.filter((item) => item.input.imageIds.length === 0);
      const withPhotos = batch.filter((item) => item.input.imageIds.length > 0);
      if (split && plain.length) await writeBatch(plain, { split: false });
      else for (const item of plain) await writeAlone(item);
      for (const item of withPhotos) await writeAlone(item);
    }
  };

  return createStatementGroup<IntakeRows, boolean>({
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    run: (batch) => writeBatch(batch),
    observe: (size) => metrics().intakeBatch.observe(size),
  });
}

const writerFor = perPool(createIntakeWriter);

/**
 * Writes one complaint through its pool's group commit. Answers like writeIntakeRows: false when
 * the idempotency key was taken (nothing written); a refused photo throws its AppError.
 */
export function writeIntakeRowsGrouped({ pool, rows }: { pool: pg.Pool; rows: IntakeRows }): Promise<boolean> {
  return writerFor(pool)(rows);
}
