import type pg from "pg";
import { tsQueryFor } from "../../lib/nlp/segment";
import { measure } from "./measure";

/**
 * Issue 3's choice for Chinese search: jieba words, Han characters and pairs in a 'simple' tsvector (GIN,
 * what the queue uses) vs pg_trgm's GIN on the raw text, both against a sequential LIKE scan,
 * with recall against that scan's exact answer.
 */
export async function benchSearch({ client, runs = 10 }: { client: pg.Client; runs?: number }) {
  await client.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  await client.query(`CREATE INDEX IF NOT EXISTS bench_trgm ON complaints USING gin (description gin_trgm_ops)`);
  await client.query(`ANALYZE complaints`);
  const rows: {
    query: string;
    matches: number;
    seqMs: number;
    jiebaMs: number;
    jiebaRecall: number;
    trgmMs: number;
    trgmRecall: number;
  }[] = [];
  for (const q of ["芒果", "缺斤少两", "态度", "榴莲 发霉", "重复扣款", "车厘子", "烂"]) {
    const words = q.split(" ");
    const likeWhere = words.map((_, i) => `description LIKE $${i + 1}`).join(" AND ");
    const likeParams = words.map((w) => `%${w}%`);
    const ids = async (sql: string, params: unknown[]) =>
      new Set((await client.query<{ id: string }>(sql, params)).rows.map((r) => r.id));
    await client.query("SET enable_bitmapscan = off; SET enable_indexscan = off");
    const truth = await ids(`SELECT id FROM complaints WHERE ${likeWhere}`, likeParams);
    const seq = await measure(() => client.query(`SELECT id FROM complaints WHERE ${likeWhere}`, likeParams), {
      runs,
      warmup: 1,
    });
    await client.query("RESET enable_bitmapscan; RESET enable_indexscan");
    const jiebaSql = `SELECT id FROM complaints WHERE search_vector @@ to_tsquery('simple', $1)`;
    const jieba = await measure(() => client.query(jiebaSql, [tsQueryFor(q)]), { runs, warmup: 1 });
    const trgm = await measure(() => client.query(`SELECT id FROM complaints WHERE ${likeWhere}`, likeParams), {
      runs,
      warmup: 1,
    });
    const recall = (found: Set<string>) =>
      truth.size ? [...truth].filter((id) => found.has(id)).length / truth.size : 1;
    rows.push({
      query: q,
      matches: truth.size,
      seqMs: seq.p50,
      jiebaMs: jieba.p50,
      jiebaRecall: recall(await ids(jiebaSql, [tsQueryFor(q)])),
      trgmMs: trgm.p50,
      trgmRecall: recall(await ids(`SELECT id FROM complaints WHERE ${likeWhere}`, likeParams)),
    });
  }
  await client.query(`DROP INDEX bench_trgm`);
  return rows;
}
