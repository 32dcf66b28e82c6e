import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { CALLBACK_OUTCOMES, CALLBACK_REASONS, type CallbackReason } from "../complaints/vocabulary/terms";

/** Open callback tasks first, then the recently done ones, for the account managers. */
export async function listCallbackTasks({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.callbacks");
  const tasks = await db.callbackTask.findMany({
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    take: 100,
    select: {
      id: true,
      reason: true,
      status: true,
      createdAt: true,
      doneAt: true,
      complaintId: true,
      outcome: true,
      suggestion: true,
      doneBy: { select: { name: true } },
      customer: { select: { name: true, tier: true, region: true } },
    },
  });
  // Reasons and outcomes are the vocabulary's (a value outside it is shown as none rather than as a raw key).
  return tasks.map((task) => ({
    ...task,
    reason: (CALLBACK_REASONS as readonly string[]).includes(task.reason) ? (task.reason as CallbackReason) : null,
    outcome: CALLBACK_OUTCOMES.find((outcome) => outcome === task.outcome) ?? null,
  }));
}

export const completeCallbackSchema = z.object({
  taskId: z.string().uuid(),
  outcome: z.enum(CALLBACK_OUTCOMES),
  // The customer's own words; optional (an unreachable customer suggests nothing).
  suggestion: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((text) => text || null),
});

/**
 * Records a call: its outcome and the customer's suggestion (seed 000's monthly callback), who
 * called and when. Once only: a task already done is not found. Audited.
 */
export async function completeCallbackTask({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  input: z.output<typeof completeCallbackSchema>;
  now?: Date;
}) {
  assertCan(actor, "callbacks.complete");
  return db.$transaction(async (tx) => {
    const { count } = await tx.callbackTask.updateMany({
      where: { id: input.taskId, status: "open" },
      data: { status: "done", doneAt: now, outcome: input.outcome, suggestion: input.suggestion, doneById: actor.id },
    });
    if (count === 0) throw new AppError("not_found");
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "callback.completed",
        target: { type: "callback_task", id: input.taskId },
        before: { status: "open" },
        after: { status: "done", outcome: input.outcome, suggestion: input.suggestion },
      },
    });
  });
}

/** The month's callbacks in numbers: tasks, calls made, each outcome, suggestions collected. */
export async function callbackSummary({ db, actor, since }: { db: Db; actor: StaffActor; since: Date }) {
  assertCan(actor, "page.callbacks");
  const rows = await db.callbackTask.groupBy({
    by: ["status", "outcome"],
    where: { createdAt: { gte: since } },
    _count: { _all: true, suggestion: true },
  });
  const byOutcome = Object.fromEntries(CALLBACK_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    (typeof CALLBACK_OUTCOMES)[number],
    number
  >;
  let tasks = 0;
  let done = 0;
  let suggestions = 0;
  for (const row of rows) {
    tasks += row._count._all;
    if (row.status === "done") done += row._count._all;
    suggestions += row._count.suggestion;
    const outcome = CALLBACK_OUTCOMES.find((o) => o === row.outcome);
    if (outcome) byOutcome[outcome] += row._count._all;
  }
  return { tasks, done, suggestions, byOutcome };
}
