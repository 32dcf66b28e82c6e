import { createHash } from "node:crypto";

const NPS_SAMPLE_PERCENT = 30;
const NPS_COOLDOWN_DAYS = 30;
export const CHURN_STREAK = 3;
const DISSATISFIED_MAX_CSAT = 2;

/** CSAT = share of answers scoring 4–5 (0–1), null without answers. */
export function csatScore(csats: number[]): number | null {
  return csats.length ? csats.filter((c) => c >= 4).length / csats.length : null;
}

/** NPS = % promoters (9–10) − % detractors (0–6), −100…100, null without answers. */
export function npsScore(scores: number[]): number | null {
  if (!scores.length) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 1000) / 10;
}

/**
 * Whether this resolution's survey asks NPS: a stable sample (the same complaint always gets the
 * same answer) of NPS_SAMPLE_PERCENT %, and never within NPS_COOLDOWN_DAYS of the last time.
 */
export function shouldAskNps({
  complaintId,
  lastAskedAt,
  now,
  samplePercent = NPS_SAMPLE_PERCENT,
}: {
  complaintId: string;
  lastAskedAt: Date | null;
  now: Date;
  samplePercent?: number;
}): boolean {
  if (lastAskedAt && now.getTime() - lastAskedAt.getTime() < NPS_COOLDOWN_DAYS * 86_400_000) return false;
  const bucket = createHash("sha256").update(complaintId).digest().readUInt16BE(0) % 100;
  return bucket < samplePercent;
}

/** Churn risk: the customer's last CHURN_STREAK answers (newest first) were all dissatisfied. */
export function isChurnRisk(recentCsatsNewestFirst: number[]): boolean {
  const streak = recentCsatsNewestFirst.slice(0, CHURN_STREAK);
  return streak.length === CHURN_STREAK && streak.every((c) => c <= DISSATISFIED_MAX_CSAT);
}
