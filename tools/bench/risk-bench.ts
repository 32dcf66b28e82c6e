import { performance } from "node:perf_hooks";
import type { Db } from "../../lib/db-client";
import { trainRiskModel } from "../../lib/risk/train-risk-model";

/**
 * The high-risk order model on the demo's generated history (npm start seeds it into the empty
 * bench database before the bulk seed): one more training, timed, and its stored time-split
 * evaluation. Generated data: the number shows the pipeline works, not that it predicts customers.
 */
export async function benchRisk({ db }: { db: Db }) {
  const started = performance.now();
  const trained = await trainRiskModel({ db, trigger: "bench" });
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  if (trained.status !== "trained") return { status: trained.status, seconds };
  const model = await db.riskModel.findUniqueOrThrow({ where: { id: trained.modelId } });
  const bins = model.calibration as { predicted: number; observed: number; orders: number }[];
  return {
    status: trained.status,
    seconds,
    trainOrders: model.trainOrders,
    testOrders: model.testOrders,
    testPositives: model.testPositives,
    auc: model.auc,
    brier: model.brier,
    lowest: bins[0] ?? null,
    highest: bins.at(-1) ?? null,
  };
}
