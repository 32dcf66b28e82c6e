/** The QA checklist: each item passed or not; the score is the share passed, 0–100. */
export const QA_CHECKLIST = ["greeting", "empathy", "diagnosis", "solution", "timeliness", "wording"] as const;
export type QaItem = (typeof QA_CHECKLIST)[number];

export function qaScore(checks: Partial<Record<QaItem, boolean>>): number {
  const passed = QA_CHECKLIST.filter((item) => checks[item] === true).length;
  return Math.round((passed / QA_CHECKLIST.length) * 100);
}
