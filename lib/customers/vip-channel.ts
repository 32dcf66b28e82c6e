import { z } from "zod";
import { readSetting, writeSetting, type SettingDefinition } from "../app-settings";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { parseInput } from "../validation";

const minutes = z.coerce
  .number()
  .int("invalid")
  .min(1)
  .max(7 * 24 * 60);

/**
 * The VIP channel (seed 001: customers with annual purchases over ¥1 000 000 get a dedicated line
 * and priority): the spend that makes a customer VIP, over the last 12 months of the orders the
 * shop sent, and the line's own SLA — around the clock (no business hours), 15 minutes to the
 * first response by default, as the seed's SOP asks.
 */
const vipChannelFields = z.object({
  annualSpendYuan: z.coerce.number().int("invalid").min(1).max(1_000_000_000),
  firstResponseMinutes: minutes,
  resolutionPlanMinutes: minutes,
  warnBeforeMinutes: minutes,
});

const vipChannelSchema = vipChannelFields
  .refine((value) => value.warnBeforeMinutes < value.firstResponseMinutes, {
    path: ["warnBeforeMinutes"],
    message: "warn_before",
  })
  .refine((value) => value.resolutionPlanMinutes >= value.firstResponseMinutes, {
    path: ["resolutionPlanMinutes"],
    message: "plan_before_response",
  });
export type VipChannel = z.output<typeof vipChannelSchema>;

/** The settings form's fields (the cross-field checks run in updateVipChannel, as field errors). */
export const vipChannelFormSchema = vipChannelFields.extend({ expectedVersion: z.coerce.number().int().min(0) });

export const VIP_CHANNEL: SettingDefinition<VipChannel> = {
  key: "vip_channel",
  schema: vipChannelSchema,
  defaults: { annualSpendYuan: 1_000_000, firstResponseMinutes: 15, resolutionPlanMinutes: 120, warnBeforeMinutes: 5 },
};

export async function getVipChannel({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.settings");
  return readSetting({ db, setting: VIP_CHANNEL });
}

export async function updateVipChannel({
  db,
  actor,
  input,
  expectedVersion,
}: {
  db: Db;
  actor: StaffActor;
  input: VipChannel;
  expectedVersion: number;
}) {
  assertCan(actor, "settings.sla");
  return writeSetting({ db, actor, setting: VIP_CHANNEL, value: parseInput(vipChannelSchema, input), expectedVersion });
}
