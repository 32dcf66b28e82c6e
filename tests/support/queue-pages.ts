import type { StaffActor } from "../../lib/auth/staff-actor";
import { listQueue } from "../../lib/complaints/queue/list-queue";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import { recordingQueries } from "./db-helpers";

/** Every page of a queue view (2 rows each), how each was counted, and every statement the queue sent. */
export async function queuePages({
  actor,
  params,
  rareMatches,
  now,
}: {
  actor: StaffActor;
  params: Record<string, string>;
  rareMatches: number;
  now: Date;
}) {
  const { db, statements } = recordingQueries();
  const seen: { ids: string[]; total: number; estimated: boolean; capped: boolean }[] = [];
  let after: string | undefined;
  do {
    const page = await listQueue({
      db,
      actor,
      filter: parseQueueFilter({ ...params, ...(after ? { after } : {}) }),
      now,
      pageSize: 2,
      rareMatches,
    });
    seen.push({
      ids: page.rows.map((r) => r.id),
      total: page.total,
      estimated: page.totalEstimated,
      capped: page.totalCapped,
    });
    after = page.nextCursor ?? undefined;
  } while (after);
  // The walk along the sort's index (lib/complaints/queue/word-search.ts).
  return { seen, statements, walked: statements.some((sql) => sql.includes("ORDER BY c.k")) };
}
