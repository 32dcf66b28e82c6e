import { createHash } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db-client";

const SAMPLE_SHARE = 0.1;

/**
 * Seed 000's quality check: a 10 % sample of last month's resolved complaints, stratified by
 * subtype (each subtype contributes ceil(10 %) of its own), as callback tasks. The choice within a
 * subtype is a stable hash order, so a rerun picks the same complaints and creates nothing new.
 */
export async function createMonthlyCallbackSample({
  db,
  start,
  end,
  label,
}: {
  db: Db;
  start: Date;
  end: Date;
  label: string;
}) {
  const resolved = await db.complaint.findMany({
    where: { resolvedAt: { gte: start, lt: end } },
    select: { id: true, category: true, customerId: true },
  });
  const byCategory = new Map<string, typeof resolved>();
  for (const c of resolved) byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), c]);
  const order = (id: string) => createHash("sha256").update(`${label}:${id}`).digest("hex");
  const sample = [...byCategory.values()].flatMap((group) =>
    [...group].sort((a, b) => order(a.id).localeCompare(order(b.id))).slice(0, Math.ceil(group.length * SAMPLE_SHARE)),
  );
  await db.callbackTask.createMany({
    data: sample.map((c) => ({
      customerId: c.customerId,
      complaintId: c.id,
      reason: "monthly_sample",
      dedupeKey: `sample:${label}:${c.id}`,
    })),
    skipDuplicates: true,
  });
  const data = {
    month: label,
    resolved: resolved.length,
    sampled: sample.length,
    byCategory: Object.fromEntries(
      [...byCategory].map(([k, v]) => [k, { resolved: v.length, sampled: Math.ceil(v.length * SAMPLE_SHARE) }]),
    ),
    complaintIds: sample.map((c) => c.id),
  };
  await db.report.upsert({
    where: { kind_periodStart: { kind: "monthly_callback_sample", periodStart: start } },
    create: {
      kind: "monthly_callback_sample",
      periodStart: start,
      periodEnd: end,
      data: data as Prisma.InputJsonValue,
    },
    update: { data: data as Prisma.InputJsonValue },
  });
  return data;
}
