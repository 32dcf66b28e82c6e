import { createHash } from "node:crypto";

// Buckets of the stable hash: a share is a whole percent, so 10 000 buckets place it exactly.
const BUCKETS = 10_000;

/** Who may be in an experiment, besides its share: empty lists mean everyone. */
export type Audience = { sharePercent: number; tiers: string[]; regions: string[]; categories: string[] };

/** The complaint an exposure is about, as its filters read it (tier and region as filed). */
export type ExposedComplaint = { customerId: string; tier: string; region: string; category: string };

function hashWords(experimentId: string, customerId: string): [number, number] {
  const digest = createHash("sha256").update(`${experimentId}:${customerId}`).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
}

/**
 * The arm a customer is in, or null when they are outside the experiment's share. A hash of the
 * experiment and the customer, so it is the same on every instance and every visit (sticky without
 * a write) and independent between experiments; the arm uses other bits of the hash than the
 * share, so being in the share says nothing about the arm.
 */
export function armForCustomer<Arm>({
  experimentId,
  customerId,
  sharePercent,
  arms,
}: {
  experimentId: string;
  customerId: string;
  sharePercent: number;
  arms: readonly Arm[];
}): Arm | null {
  if (arms.length === 0) return null;
  const [shareWord, armWord] = hashWords(experimentId, customerId);
  if (shareWord % BUCKETS >= sharePercent * (BUCKETS / 100)) return null;
  return arms[armWord % arms.length] ?? null;
}

/** Whether the complaint falls in the experiment's audience filters (tier, region, category). */
export function inAudience({ audience, complaint }: { audience: Audience; complaint: ExposedComplaint }): boolean {
  const within = (list: string[], value: string) => list.length === 0 || list.includes(value);
  return (
    within(audience.tiers, complaint.tier) &&
    within(audience.regions, complaint.region) &&
    within(audience.categories, complaint.category)
  );
}
