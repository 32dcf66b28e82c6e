import { settingValue } from "../app-settings";
import { VIP_GROUP_CODE } from "../complaints/vocabulary/handling-groups";
import { VIP_CHANNEL } from "../customers/vip-channel";
import type { Prisma } from "../generated/prisma/client";
import type { Priority } from "../generated/prisma/enums";

export type SlaPolicy = {
  firstResponseMinutes: number;
  resolutionPlanMinutes: number;
  warnBeforeMinutes: number;
  businessStartMinute: number | null;
  businessEndMinute: number | null;
};

/** The VIP line's policy from its setting as stored (null: the defaults): around the clock. */
export function vipSlaPolicy(stored: unknown): SlaPolicy {
  const vip = settingValue({ setting: VIP_CHANNEL, stored });
  return {
    firstResponseMinutes: vip.firstResponseMinutes,
    resolutionPlanMinutes: vip.resolutionPlanMinutes,
    warnBeforeMinutes: vip.warnBeforeMinutes,
    businessStartMinute: null,
    businessEndMinute: null,
  };
}

/**
 * The SLA policy a complaint runs on: the VIP line's when it is in the VIP group (the `vip_channel`
 * setting), else its priority's (`sla_policies`). One answer for intake, the clock after a pause
 * or a reopen, and the timer's warning.
 */
export async function slaPolicyFor({
  db,
  priority,
  groupCode,
}: {
  db: Pick<Prisma.TransactionClient, "slaPolicy" | "appSetting">;
  priority: Priority;
  groupCode: string;
}): Promise<SlaPolicy> {
  if (groupCode === VIP_GROUP_CODE) {
    const stored = await db.appSetting.findUnique({ where: { key: VIP_CHANNEL.key }, select: { value: true } });
    return vipSlaPolicy(stored?.value ?? null);
  }
  return db.slaPolicy.findUniqueOrThrow({
    where: { priority },
    select: {
      firstResponseMinutes: true,
      resolutionPlanMinutes: true,
      warnBeforeMinutes: true,
      businessStartMinute: true,
      businessEndMinute: true,
    },
  });
}
