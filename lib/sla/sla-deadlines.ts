import { addBusinessMinutes, businessHoursOf } from "./business-hours";

export type SlaPolicyMinutes = {
  firstResponseMinutes: number;
  resolutionPlanMinutes: number;
  businessStartMinute?: number | null;
  businessEndMinute?: number | null;
};

/** Deadlines from the moment of filing: calendar time, or business time when the policy has hours. */
export function computeSlaDeadlines({ createdAt, policy }: { createdAt: Date; policy: SlaPolicyMinutes }) {
  const hours = businessHoursOf({
    businessStartMinute: policy.businessStartMinute ?? null,
    businessEndMinute: policy.businessEndMinute ?? null,
  });
  return {
    firstResponseDueAt: addBusinessMinutes(createdAt, policy.firstResponseMinutes, hours),
    resolutionDueAt: addBusinessMinutes(createdAt, policy.resolutionPlanMinutes, hours),
  };
}
