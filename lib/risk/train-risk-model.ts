import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { labelledOrders, LABEL_DAYS } from "./order-facts";
import { brierScore, calibrationBins, fitRiskModel, rocAuc, scoreOrder } from "./risk-model";
import { rescoreRecentOrders } from "./score-orders";

const DAY = 86_400_000;
/** History used: the last half year of orders whose 7 days are over. */
const HISTORY_DAYS = 180;
/** The time split: the last 30 days of that history are the test month. */
const TEST_DAYS = 30;
/** At most this many orders are read (newest first), so a retraining stays bounded in time and memory. */
const MAX_ORDERS = 200_000;
/** Below these, there is nothing to learn from (a fresh shop): no model is stored. */
export const MINIMUM_HISTORY = { trainOrders: 200, trainPositives: 10, testOrders: 30 } as const;

/** Who trained it: the weekly workflow, an admin, the demo's start-up, the bench. */
export type RiskTrigger = "schedule" | "manual" | "demo" | "bench";

export type RiskTraining =
  | { status: "trained"; modelId: string; auc: number | null; rescored: number }
  | {
      status: "not_enough_history";
      trainOrders: number;
      trainPositives: number;
      testOrders: number;
    };

/**
 * Trains the high-risk order model from the shop's own history (seed 001 智能预判): label = a
 * complaint within 7 days of the order. Evaluated on a time split — trained on the earlier months
 * (up to a week before the test month), tested on the last month — with ROC AUC, Brier score and
 * calibration; then the same method is
 * fitted on all of the history, stored with that evaluation, and the orders of the last 7 days are
 * rescored with it. Run by the `risk-model-retrain` workflow (weekly) and by an admin on /admin/risk.
 */
export async function trainRiskModel({
  db,
  now = new Date(),
  trigger,
}: {
  db: Db;
  now?: Date;
  trigger: RiskTrigger;
}): Promise<RiskTraining> {
  // A retried step (the same trigger at the same moment) finds its model instead of adding another.
  const done = await db.riskModel.findFirst({ where: { trigger, trainedAt: now }, select: { id: true, auc: true } });
  if (done) return { status: "trained", modelId: done.id, auc: done.auc, rescored: 0 };
  const historyTo = new Date(now.getTime() - LABEL_DAYS * DAY);
  const trainFrom = new Date(historyTo.getTime() - HISTORY_DAYS * DAY);
  const testFrom = new Date(historyTo.getTime() - TEST_DAYS * DAY);
  // An embargo of 7 days before the test month: a model in use on testFrom would not yet know
  // whether the orders of the week before drew a complaint, so the evaluation must not either.
  const trainTo = new Date(testFrom.getTime() - LABEL_DAYS * DAY);
  const rows = await labelledOrders({ db, from: trainFrom, to: historyTo, limit: MAX_ORDERS });
  const train = rows.filter((r) => r.facts.placedAt < trainTo);
  const test = rows.filter((r) => r.facts.placedAt >= testFrom);
  const trainPositives = train.filter((r) => r.complained).length;
  if (
    train.length < MINIMUM_HISTORY.trainOrders ||
    trainPositives < MINIMUM_HISTORY.trainPositives ||
    train.length - trainPositives < MINIMUM_HISTORY.trainPositives ||
    test.length < MINIMUM_HISTORY.testOrders
  )
    return { status: "not_enough_history", trainOrders: train.length, trainPositives, testOrders: test.length };

  const evaluated = fitRiskModel(train);
  const scored = test.map((r) => ({
    score: scoreOrder({ model: evaluated, facts: r.facts }).score,
    positive: r.complained,
  }));
  const auc = rocAuc(scored);
  const brier = brierScore(scored);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
  const production = fitRiskModel(rows);
  const saved = await db.riskModel.create({
    data: {
      trigger,
      trainedAt: now,
      trainFrom,
      testFrom,
      testTo: historyTo,
      trainOrders: train.length,
      trainPositives,
      testOrders: test.length,
      testPositives: test.filter((r) => r.complained).length,
      auc: round(auc),
      brier: round(brier),
      calibration: calibrationBins(scored) as Prisma.InputJsonValue,
      model: production as unknown as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  const rescored = await rescoreRecentOrders({ db, model: { id: saved.id, json: production }, now });
  return { status: "trained", modelId: saved.id, auc: round(auc), rescored };
}

/** An admin's "retrain now" on /admin/risk: audited; too little history is a translated refusal. */
export async function retrainRiskModel({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "risk.manage");
  const result = await trainRiskModel({ db, trigger: "manual" });
  if (result.status === "not_enough_history") throw new AppError("risk_history_too_short");
  await recordAudit({
    db,
    entry: {
      actor: { type: "staff", id: actor.id, label: actor.email },
      action: "risk_model.trained",
      target: { type: "risk_model", id: result.modelId },
      after: { auc: result.auc, rescored: result.rescored },
    },
  });
  return result;
}
