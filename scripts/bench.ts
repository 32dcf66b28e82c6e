/**
 * `npm run bench`: measured speed, as ratios against a baseline taken in the same run on the
 * same machine (absolute numbers vary between machines; ratios much less).
 *
 * 1. Chinese search over complaint descriptions (issue 3's choice): jieba words + Han characters
 *    in a 'simple' tsvector with a GIN index (what the queue uses) vs pg_trgm's GIN index on the
 *    raw text, both against a sequential LIKE scan, with recall against that scan's exact answer.
 * 2. The queue itself (listQueue): page 40 vs page 1 (keyset: the same cost), and a search.
 * 3. Triage of one complaint (tokenise, sentiment, urgency, priority, keywords): median after warm-up.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { migrateDatabase } from "../lib/db/migrate";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { listQueue } from "../lib/complaints/queue/list-queue";
import { parseQueueFilter } from "../lib/complaints/queue/queue-filter";
import { createPrismaClient } from "../lib/db/create-client";
import { searchTermsFor, topKeywords, tsQueryFor } from "../lib/nlp/segment";
import { segmenter } from "../lib/nlp/tokenizer";
import { triageComplaint } from "../lib/triage/triage";

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20);

const FRUITS = ["芒果", "苹果", "草莓", "榴莲", "香蕉", "西瓜", "葡萄", "橙子", "车厘子", "猕猴桃", "菠菜", "西红柿", "土豆", "黄瓜", "蓝莓"];
const PROBLEMS = ["烂了一半", "坏了好几个", "发霉了", "缺斤少两", "一点都不新鲜", "被压坏了", "送错了", "晚到了三个小时", "配送员态度很差", "被重复扣款", "和图片不符", "包装破损", "客服一直不回复"];
const ASKS = ["要求退款", "希望补发", "请尽快处理", "太失望了", "给个说法", "下次不买了", ""];

function rand(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function description(r: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
  return `收到的${pick(FRUITS)}${pick(PROBLEMS)}，${pick(ASKS)}${r() < 0.3 ? `，还有${pick(FRUITS)}${pick(PROBLEMS)}` : ""}`;
}

async function time(client: pg.Client, sql: string, params: unknown[]): Promise<{ ms: number; rows: string[] }> {
  let rows: string[] = [];
  const start = performance.now();
  for (let i = 0; i < REPEAT; i += 1) rows = (await client.query(sql, params)).rows.map((r) => r.id);
  return { ms: (performance.now() - start) / REPEAT, rows };
}

/** Triage of one complaint (tokenise, sentiment, urgency, priority) and its keywords, after warm-up. */
function benchTriage() {
  const r = rand(7);
  const texts = Array.from({ length: 2000 }, () => description(r));
  const median = (fn: (text: string) => unknown) => {
    for (const text of texts.slice(0, 200)) fn(text);
    const times = texts.map((text) => {
      const start = performance.now();
      fn(text);
      return performance.now() - start;
    });
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  };
  const cut = median((text) => segmenter().cut(text, true));
  const triage = median((text) => triageComplaint({ category: "product.quality", description: text, orderAmountFen: 8800, tier: "normal" }));
  const withKeywords = median((text) => {
    triageComplaint({ category: "product.quality", description: text, orderAmountFen: 8800, tier: "normal" });
    topKeywords(text, 5);
  });
  console.log(`\nTriage of one complaint, median of ${texts.length} after warm-up (ratio = time / a bare jieba cut of the same text):`);
  console.log(`jieba cut ${cut.toFixed(3)} ms · triage ${triage.toFixed(3)} ms (ratio ${(triage / cut).toFixed(1)}) · triage + keywords ${withKeywords.toFixed(3)} ms (ratio ${(withKeywords / cut).toFixed(1)})`);
}

async function main() {
  benchTriage();
  const dir = mkdtempSync(join(tmpdir(), "kesu-bench-"));
  const postgres = await startEmbeddedPostgres({ dir: join(dir, "pg") });
  const client = new pg.Client({ connectionString: postgres.connectionString });
  try {
    await migrateDatabase({ connectionString: postgres.connectionString });
    await client.connect();
    console.log(`Seeding ${ROWS} complaints…`);
    const { rows: [customer] } = await client.query(`INSERT INTO customers (id, external_id, name, region, updated_at) VALUES (gen_random_uuid(), 'B1', '压测', '上海', now()) RETURNING id`);
    const { rows: [order] } = await client.query(`INSERT INTO orders (id, order_no, customer_id, amount_band, status, region, placed_at, updated_at) VALUES (gen_random_uuid(), 'BENCH-1', $1, 'under_200', 'delivered', '上海', now(), now()) RETURNING id`, [customer.id]);
    const { rows: [group] } = await client.query(`SELECT id FROM handling_groups WHERE code = 'product'`);
    const r = rand(42);
    for (let offset = 0; offset < ROWS; offset += 2000) {
      const texts = Array.from({ length: Math.min(2000, ROWS - offset) }, () => description(r));
      await client.query(
        `INSERT INTO complaints (id, order_id, customer_id, category, description, priority, urgency_score, urgency_reasons, group_id, source, first_response_due_at, resolution_due_at, sla_due_at, search_terms, created_at, updated_at)
         SELECT gen_random_uuid(), $1, $2, 'product.quality', d, 'medium', 0, '{}', $3, 'api', now() + interval '2 hours', now() + interval '1 day',
                now() + (n * interval '1 second'), t, now() - (n * interval '1 second'), now()
         FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS x(d, t, n)`,
        [order.id, customer.id, group.id, texts, texts.map(searchTermsFor)],
      );
    }
    await client.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await client.query(`CREATE INDEX bench_trgm ON complaints USING gin (description gin_trgm_ops)`);
    await client.query(`ANALYZE complaints`);

    const queries = ["芒果", "缺斤少两", "态度差", "榴莲 发霉", "重复扣款", "车厘子", "烂"];
    console.log(`\nChinese search, ${ROWS} complaints, mean of ${REPEAT} runs (ratio = time / sequential LIKE scan):`);
    console.log("query        | seq LIKE ms | jieba tsvector ms (ratio, recall) | pg_trgm ms (ratio, recall)");
    for (const q of queries) {
      const words = q.split(" ");
      const likeWhere = words.map((_, i) => `description LIKE $${i + 1}`).join(" AND ");
      const likeParams = words.map((w) => `%${w}%`);
      await client.query("SET enable_bitmapscan = off; SET enable_indexscan = off");
      const seq = await time(client, `SELECT id FROM complaints WHERE ${likeWhere}`, likeParams);
      await client.query("RESET enable_bitmapscan; RESET enable_indexscan");
      const jieba = await time(client, `SELECT id FROM complaints WHERE to_tsvector('simple', search_terms) @@ to_tsquery('simple', $1)`, [tsQueryFor(q)]);
      const trgm = await time(client, `SELECT id FROM complaints WHERE ${likeWhere}`, likeParams);
      const truth = new Set(seq.rows);
      const recall = (rows: string[]) => (truth.size ? rows.filter((id) => truth.has(id)).length / truth.size : 1);
      const ratio = (ms: number) => (ms / seq.ms).toFixed(2);
      console.log(
        `${q.padEnd(12)} | ${seq.ms.toFixed(1).padStart(11)} | ${jieba.ms.toFixed(1).padStart(6)} (${ratio(jieba.ms)}, ${(recall(jieba.rows) * 100).toFixed(0)}% of ${truth.size}, +${jieba.rows.length - jieba.rows.filter((id) => truth.has(id)).length} extra) | ${trgm.ms.toFixed(1).padStart(6)} (${ratio(trgm.ms)}, ${(recall(trgm.rows) * 100).toFixed(0)}%)`,
      );
    }

    console.log(`\nQueue (lib/complaints/queue/list-queue.ts, 25 rows, sorted by SLA, as a supervisor), mean of ${REPEAT} runs:`);
    const db = createPrismaClient(postgres.connectionString);
    const actor = { id: "00000000-0000-4000-8000-000000000000", email: "bench@kesu", name: "bench", role: "supervisor" as const, groupIds: [] };
    const measure = async (filter: Record<string, string>) => {
      let result = await listQueue({ db, actor, filter: parseQueueFilter(filter) });
      const start = performance.now();
      for (let i = 0; i < REPEAT; i += 1) result = await listQueue({ db, actor, filter: parseQueueFilter(filter) });
      return { ms: (performance.now() - start) / REPEAT, result };
    };
    const first = await measure({ sort: "sla", dir: "asc" });
    let after = first.result.nextCursor;
    for (let i = 0; i < 38 && after; i += 1) after = (await listQueue({ db, actor, filter: parseQueueFilter({ sort: "sla", dir: "asc", after }) })).nextCursor;
    const fortieth = await measure({ sort: "sla", dir: "asc", after: after! });
    const searched = await measure({ q: "芒果 烂" });
    console.log(`page 1: ${first.ms.toFixed(1)} ms · page 40: ${fortieth.ms.toFixed(1)} ms (ratio ${(fortieth.ms / first.ms).toFixed(2)}) · search "芒果 烂": ${searched.ms.toFixed(1)} ms (ratio ${(searched.ms / first.ms).toFixed(2)}, ${searched.result.total} matches)`);
    await db.$disconnect();
  } finally {
    await client.end().catch(() => undefined);
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
