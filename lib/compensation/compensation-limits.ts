import { z } from "zod";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { readSetting, writeSetting, type SettingDefinition } from "../app-settings";

const yuan = z.coerce.number().int("invalid").min(0).max(100_000);
const points = z.coerce.number().int("invalid").min(0).max(10_000_000);

/**
 * How much goodwill compensation (coupons, points) staff may grant without a supervisor: per
 * complaint over its whole life (a reject-then-resolve does not start again at zero) and per
 * customer over a rolling 30 days. Refunds are capped by the order amount instead.
 */
export const compensationLimitsSchema = z.object({
  couponYuanPerComplaint: yuan,
  couponYuanPerCustomer30d: yuan,
  pointsPerComplaint: points,
  pointsPerCustomer30d: points,
});
export type CompensationLimits = z.output<typeof compensationLimitsSchema>;

export const COMPENSATION_LIMITS: SettingDefinition<CompensationLimits> = {
  key: "compensation_limits",
  schema: compensationLimitsSchema,
  // A single coupon may be up to ¥500 (compensation-rules.ts); by default two decent coupons on one
  // complaint, and a customer's month stays under what a supervisor should look at.
  defaults: {
    couponYuanPerComplaint: 200,
    couponYuanPerCustomer30d: 500,
    pointsPerComplaint: 20_000,
    pointsPerCustomer30d: 50_000,
  },
};

export const CAP_WINDOW_DAYS = 30;

export async function getCompensationLimits({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.settings");
  return readSetting({ db, setting: COMPENSATION_LIMITS });
}

export async function updateCompensationLimits({
  db,
  actor,
  input,
  expectedVersion,
}: {
  db: Db;
  actor: StaffActor;
  input: CompensationLimits;
  expectedVersion: number;
}) {
  assertCan(actor, "settings.limits");
  return writeSetting({
    db,
    actor,
    setting: COMPENSATION_LIMITS,
    value: compensationLimitsSchema.parse(input),
    expectedVersion,
  });
}
