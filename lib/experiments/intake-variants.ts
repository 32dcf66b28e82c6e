import { z } from "zod";
import type { Priority } from "../complaints/vocabulary/terms";
import type { FiredRules } from "../triage/handling-rules";
import { offerSchema } from "../triage/handling-rules";
import { armForCustomer, inAudience, type ExposedComplaint } from "./assignment";

/** A running experiment intake applies, as it reads it with its context (intake-statement.ts). */
export type IntakeExperiment = {
  id: string;
  variable: string;
  target: string;
  sharePercent: number;
  tiers: string[];
  regions: string[];
  categories: string[];
  arms: { key: string; control: boolean; offer: unknown; sla: unknown }[];
};

/** An SLA policy arm's deadlines for its priority (first response, then the resolution plan). */
export const slaArmSchema = z
  .object({
    firstResponseMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    resolutionPlanMinutes: z
      .number()
      .int()
      .min(30)
      .max(7 * 24 * 60),
  })
  .refine((sla) => sla.resolutionPlanMinutes > sla.firstResponseMinutes, "plan_before_response");

type Exposure = { experimentId: string; arm: string };

/** The arm of the experiment on `target` this complaint's customer is in (sticky), or null. */
function armFor({
  experiments,
  variable,
  target,
  complaint,
}: {
  experiments: IntakeExperiment[];
  variable: string;
  target: string;
  complaint: ExposedComplaint;
}) {
  const experiment = experiments.find((e) => e.variable === variable && e.target === target);
  if (!experiment || !inAudience({ audience: experiment, complaint })) return null;
  const arm = armForCustomer({
    experimentId: experiment.id,
    customerId: complaint.customerId,
    sharePercent: experiment.sharePercent,
    arms: experiment.arms,
  });
  return arm ? { experimentId: experiment.id, arm } : null;
}

type FiredOffer = NonNullable<FiredRules["offer"]>;

/**
 * The offer a complaint gets when the rule that fired is varied by a running experiment and its
 * customer is in it: the arm's offer (the control keeps the rule's), with the exposure to record
 * in intake's transaction. Outside any experiment, the rule's offer and no exposure.
 */
export function offerForComplaint({
  experiments,
  fired,
  complaint,
}: {
  experiments: IntakeExperiment[];
  fired: FiredOffer;
  complaint: ExposedComplaint;
}): { fired: FiredOffer; exposure: Exposure | null } {
  const found = armFor({ experiments, variable: "compensation_offer", target: fired.rule, complaint });
  if (!found) return { fired, exposure: null };
  const exposure = { experimentId: found.experimentId, arm: found.arm.key };
  if (found.arm.control) return { fired, exposure };
  // Validated when the experiment started; an arm that no longer parses gives the rule's own offer
  // and records nothing (the customer did not meet the arm).
  const offer = offerSchema.safeParse(found.arm.offer);
  return offer.success ? { fired: { ...fired, action: offer.data }, exposure } : { fired, exposure: null };
}

/**
 * The deadlines a complaint of this priority gets when an SLA policy experiment runs on it and its
 * customer is in it: the arm's (the control keeps the policy's), with the exposure to write with
 * the complaint. Only intake's deadlines: a reopened complaint's new plan follows the policy.
 */
export function slaForComplaint({
  experiments,
  priority,
  complaint,
}: {
  experiments: IntakeExperiment[];
  priority: Priority;
  complaint: ExposedComplaint;
}): { sla: z.output<typeof slaArmSchema> | null; exposure: Exposure | null } {
  const found = armFor({ experiments, variable: "sla_policy", target: priority, complaint });
  if (!found) return { sla: null, exposure: null };
  const exposure = { experimentId: found.experimentId, arm: found.arm.key };
  if (found.arm.control) return { sla: null, exposure };
  const sla = slaArmSchema.safeParse(found.arm.sla);
  return sla.success ? { sla: sla.data, exposure } : { sla: null, exposure: null };
}
