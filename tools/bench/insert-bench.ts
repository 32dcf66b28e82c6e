import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Db } from "../../lib/db-client";
import { measure, type Timing } from "./measure";

/** One-row insert of the same customer row through the Prisma client and through raw pg (same database, same pool size of one call at a time). */
export async function benchInsert({
  db,
  client,
  runs = 300,
}: {
  db: Db;
  client: pg.Client;
  runs?: number;
}): Promise<{ prisma: Timing; pg: Timing; ratio: number }> {
  const row = () => ({ id: randomUUID(), externalId: `BENCH-${randomUUID()}`, name: "压测", region: "上海" });
  const prisma = await measure(() => db.customer.create({ data: row(), select: { id: true } }), { runs, warmup: 20 });
  const raw = await measure(
    () => {
      const r = row();
      return client.query(
        `INSERT INTO customers (id, external_id, name, region, updated_at) VALUES ($1, $2, $3, $4, now()) RETURNING id`,
        [r.id, r.externalId, r.name, r.region],
      );
    },
    { runs, warmup: 20 },
  );
  return { prisma, pg: raw, ratio: Math.round((prisma.p50 / raw.p50) * 100) / 100 };
}
