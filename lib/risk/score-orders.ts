import type { Db } from "../db-client";
import { factsOfOrders, labelledOrders, LABEL_DAYS } from "./order-facts";
import { scoreOrder, type RiskModelJson } from "./risk-model";

type Reader = Pick<Db, "$queryRaw">;
export type CurrentRiskModel = { id: string; json: RiskModelJson };

const CACHE_MS = 60_000;
let cached: { model: CurrentRiskModel | null; at: number } | undefined;

/**
 * The newest trained model, or null before the first training. Kept a minute per process: orders
 * arrive far more often than models change; an order scored by the previous model in that minute
 * is rescored by the `order-risk-watch` workflow (rescoreStaleOrders).
 */
async function currentRiskModel({ db, now = Date.now() }: { db: Reader; now?: number }) {
  if (cached && now - cached.at < CACHE_MS) return cached.model;
  const [row] = await db.$queryRaw<{ id: string; model: RiskModelJson }[]>`
    SELECT id, model FROM risk_models ORDER BY trained_at DESC, id DESC LIMIT 1`;
  cached = { model: row ? { id: row.id, json: row.model } : null, at: now };
  return cached.model;
}

/** Forgets the cached model (after a training in this process, and between tests). */
export function forgetRiskModel() {
  cached = undefined;
}

async function writeScores({
  db,
  modelId,
  scores,
}: {
  db: Pick<Db, "$executeRaw">;
  modelId: string;
  scores: { id: string; score: number }[];
}) {
  if (!scores.length) return 0;
  return db.$executeRaw`
    UPDATE orders o SET risk_score = s.score, risk_model_id = ${modelId}::uuid
    FROM unnest(${scores.map((s) => s.id)}::uuid[], ${scores.map((s) => s.score)}::float8[]) AS s(id, score)
    WHERE o.id = s.id`;
}

/** Scores an order as the shop sends it. Without a trained model the order stays unscored. */
export async function scoreSentOrder({ db, orderId }: { db: Pick<Db, "$queryRaw" | "$executeRaw">; orderId: string }) {
  const model = await currentRiskModel({ db });
  if (!model) return null;
  const facts = (await factsOfOrders({ db, ids: [orderId] })).get(orderId);
  if (!facts) return null; // a cancelled order is not scored
  const { score } = scoreOrder({ model: model.json, facts });
  await writeScores({ db, modelId: model.id, scores: [{ id: orderId, score }] });
  return score;
}

/**
 * Orders of the last 7 days not scored by the newest model (sent while another process still held
 * the previous one, or not scored at all): scored now. Run by the `order-risk-watch` workflow
 * before it announces, so what it announces is the newest model's word.
 */
export async function rescoreStaleOrders({ db, now = new Date() }: { db: Db; now?: Date }) {
  forgetRiskModel();
  const model = await currentRiskModel({ db });
  if (!model) return 0;
  const stale = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM orders
    WHERE placed_at >= ${new Date(now.getTime() - LABEL_DAYS * 86_400_000)} AND status <> 'cancelled'
      AND risk_model_id IS DISTINCT FROM ${model.id}::uuid
    LIMIT 5000`;
  const facts = await factsOfOrders({ db, ids: stale.map((o) => o.id) });
  return writeScores({
    db,
    modelId: model.id,
    scores: [...facts].map(([id, known]) => ({ id, score: scoreOrder({ model: model.json, facts: known }).score })),
  });
}

/** After a training: the orders of the last 7 days (the ones still worth a call) get the new model's score. */
export async function rescoreRecentOrders({ db, model, now }: { db: Db; model: CurrentRiskModel; now: Date }) {
  forgetRiskModel();
  const recent = await labelledOrders({
    db,
    from: new Date(now.getTime() - LABEL_DAYS * 86_400_000),
    to: new Date(now.getTime() + 86_400_000),
    limit: 50_000,
  });
  return writeScores({
    db,
    modelId: model.id,
    scores: recent.map((r) => ({ id: r.id, score: scoreOrder({ model: model.json, facts: r.facts }).score })),
  });
}
