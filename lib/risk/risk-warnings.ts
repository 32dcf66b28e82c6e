import { z } from "zod";
import { readSetting, writeSetting, type SettingDefinition } from "../app-settings";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { factsOfOrders, LABEL_DAYS } from "./order-facts";
import type { RiskReason } from "./risk-features";
import { scoreOrder, type RiskModelJson } from "./risk-model";

const riskWarningSchema = z.object({
  // A probability: warn about orders at least this likely to end in a complaint.
  threshold: z.coerce.number().min(0.01).max(0.99),
});
export type RiskWarning = z.output<typeof riskWarningSchema>;
export const riskWarningFormSchema = riskWarningSchema.extend({ expectedVersion: z.coerce.number().int().min(0) });

/** The warning threshold (admins set it on /admin/risk). 0.3: several times the usual complaint rate. */
export const RISK_WARNING: SettingDefinition<RiskWarning> = {
  key: "risk_warning",
  schema: riskWarningSchema,
  defaults: { threshold: 0.3 },
};

export async function updateRiskWarning({
  db,
  actor,
  input,
  expectedVersion,
}: {
  db: Db;
  actor: StaffActor;
  input: RiskWarning;
  expectedVersion: number;
}) {
  assertCan(actor, "risk.manage");
  return writeSetting({
    db,
    actor,
    setting: RISK_WARNING,
    value: parseInput(riskWarningSchema, input),
    expectedVersion,
  });
}

export type RiskyOrder = {
  id: string;
  orderNo: string;
  customerName: string;
  tier: string;
  region: string;
  placedAt: Date;
  promisedAt: Date | null;
  score: number;
  reasons: RiskReason[];
  contactedAt: Date | null;
  contactedBy: string | null;
};

/**
 * Orders of the last 7 days at or above the threshold that have no complaint yet, riskiest first:
 * the list for proactive contact. Each with the reasons its model gives.
 */
export async function listRiskyOrders({
  db,
  actor,
  threshold,
  limit = 50,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  threshold: number;
  limit?: number;
  now?: Date;
}): Promise<RiskyOrder[]> {
  assertCan(actor, "page.risk");
  const orders = await db.order.findMany({
    where: {
      riskScore: { gte: threshold },
      placedAt: { gte: new Date(now.getTime() - LABEL_DAYS * 86_400_000) },
      status: { not: "cancelled" },
      complaints: { none: {} },
    },
    orderBy: [{ riskScore: "desc" }, { placedAt: "desc" }],
    take: limit,
    select: {
      id: true,
      orderNo: true,
      region: true,
      placedAt: true,
      promisedAt: true,
      riskScore: true,
      riskContactedAt: true,
      riskContactedBy: { select: { name: true } },
      customer: { select: { name: true, tier: true } },
      riskModelId: true,
    },
  });
  const facts = await factsOfOrders({ db, ids: orders.map((o) => o.id) });
  // Each model once (a list is usually all the newest model's), for the reasons behind each score.
  const models = new Map(
    (
      await db.riskModel.findMany({
        where: { id: { in: [...new Set(orders.flatMap((o) => (o.riskModelId ? [o.riskModelId] : [])))] } },
        select: { id: true, model: true },
      })
    ).map((m) => [m.id, m.model as unknown as RiskModelJson]),
  );
  return orders.map((o) => {
    const known = facts.get(o.id);
    const model = o.riskModelId ? models.get(o.riskModelId) : undefined;
    const reasons = known && model ? scoreOrder({ model, facts: known }).reasons : [];
    return {
      id: o.id,
      orderNo: o.orderNo,
      customerName: o.customer.name,
      tier: o.customer.tier,
      region: o.region,
      placedAt: o.placedAt,
      promisedAt: o.promisedAt,
      score: o.riskScore ?? 0,
      reasons,
      contactedAt: o.riskContactedAt,
      contactedBy: o.riskContactedBy?.name ?? null,
    };
  });
}

/** Someone called the customer ahead of a complaint: recorded once (a second click changes nothing), audited. */
export async function markRiskContacted({ db, actor, orderId }: { db: Db; actor: StaffActor; orderId: string }) {
  assertCan(actor, "risk.contact");
  return db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({
      where: { id: orderId },
      select: { id: true, orderNo: true, riskScore: true },
    });
    if (!order || order.riskScore === null) throw new AppError("order_not_found");
    const { count } = await tx.order.updateMany({
      where: { id: orderId, riskContactedAt: null },
      data: { riskContactedAt: new Date(), riskContactedById: actor.id },
    });
    if (count)
      await recordAudit({
        db: tx,
        entry: {
          actor: { type: "staff", id: actor.id, label: actor.email },
          action: "order.risk_contacted",
          target: { type: "order", id: order.id },
          after: { orderNo: order.orderNo, score: order.riskScore },
        },
      });
    return { contacted: count === 1 };
  });
}

/** The page's data: the newest model with its evaluation, the threshold, and the list. */
export async function riskOverview({ db, actor, now = new Date() }: { db: Db; actor: StaffActor; now?: Date }) {
  assertCan(actor, "page.risk");
  const [model, warning] = await Promise.all([
    db.riskModel.findFirst({
      orderBy: [{ trainedAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        trainedAt: true,
        trigger: true,
        trainFrom: true,
        testFrom: true,
        testTo: true,
        trainOrders: true,
        trainPositives: true,
        testOrders: true,
        testPositives: true,
        auc: true,
        brier: true,
        calibration: true,
      },
    }),
    readSetting({ db, setting: RISK_WARNING }),
  ]);
  const list = await listRiskyOrders({ db, actor, threshold: warning.value.threshold, now });
  return {
    model: model
      ? { ...model, calibration: model.calibration as { predicted: number; observed: number; orders: number }[] }
      : null,
    warning,
    list,
  };
}
