import type { FiredRules } from "../triage/handling-rules";
import { offerSchema } from "../triage/handling-rules";
import { armForCustomer, inAudience, type ExposedComplaint } from "./assignment";

/** A running compensation-offer experiment as intake reads it with its context (intake-statement.ts). */
export type OfferExperiment = {
  id: string;
  target: string;
  sharePercent: number;
  tiers: string[];
  regions: string[];
  categories: string[];
  arms: { key: string; control: boolean; offer: unknown }[];
};

type FiredOffer = NonNullable<FiredRules["offer"]>;

/**
 * The offer a complaint gets when the rule that fired is varied by a running experiment and its
 * customer is in it: the arm's offer (the control keeps the rule's), with the exposure to record
 * in intake's transaction. Outside any experiment, the rule's offer and no exposure. Sticky per
 * customer (the same hash as every experiment, lib/experiments/assignment.ts).
 */
export function offerForComplaint({
  experiments,
  fired,
  complaint,
}: {
  experiments: OfferExperiment[];
  fired: FiredOffer;
  complaint: ExposedComplaint;
}): { fired: FiredOffer; exposure: { experimentId: string; arm: string } | null } {
  const experiment = experiments.find((e) => e.target === fired.rule);
  if (!experiment || !inAudience({ audience: experiment, complaint })) return { fired, exposure: null };
  const arm = armForCustomer({
    experimentId: experiment.id,
    customerId: complaint.customerId,
    sharePercent: experiment.sharePercent,
    arms: experiment.arms,
  });
  if (!arm) return { fired, exposure: null };
  const exposure = { experimentId: experiment.id, arm: arm.key };
  if (arm.control) return { fired, exposure };
  // Validated when the experiment started; an arm that no longer parses gives the rule's own offer
  // and records nothing (the customer did not meet the arm).
  const offer = offerSchema.safeParse(arm.offer);
  return offer.success ? { fired: { ...fired, action: offer.data }, exposure } : { fired, exposure: null };
}
