export type SlaPolicyMinutes = { firstResponseMinutes: number; resolutionPlanMinutes: number };

/** Calendar-time deadlines from the moment of filing; business hours come with the SLA timers. */
export function computeSlaDeadlines({ createdAt, policy }: { createdAt: Date; policy: SlaPolicyMinutes }) {
  return {
    firstResponseDueAt: new Date(createdAt.getTime() + policy.firstResponseMinutes * 60_000),
    resolutionDueAt: new Date(createdAt.getTime() + policy.resolutionPlanMinutes * 60_000),
  };
}
