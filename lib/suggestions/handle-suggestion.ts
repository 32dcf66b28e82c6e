import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Prisma, SuggestionStatus } from "../generated/prisma/client";
import { shanghaiDayStart } from "../shanghai-day";
import { TIERS } from "../complaints/vocabulary/terms";
import { isCalendarDay, isStorableText } from "../validation";
import { SUGGESTION_STATUSES, SUGGESTION_TAGS } from "./suggestion-vocabulary";

const PAGE_SIZE = 100;

/** The list's filter from the URL (the dashboard's tile links here with its range): bad values are ignored. */
export function parseSuggestionFilter(params: Record<string, string | string[] | undefined>) {
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const status = one("status");
  const day = (key: string) => {
    const value = one(key);
    return value && isCalendarDay(value) ? value : undefined;
  };
  const tier = one("tier");
  const region = one("region")?.trim();
  return {
    status: (SUGGESTION_STATUSES as readonly string[]).includes(status ?? "")
      ? (status as SuggestionStatus)
      : undefined,
    from: day("from"),
    to: day("to"),
    tier: (TIERS as readonly string[]).includes(tier ?? "") ? (tier as (typeof TIERS)[number]) : undefined,
    region: region && region.length <= 40 && isStorableText(region) ? region : undefined,
  };
}
export type SuggestionFilter = ReturnType<typeof parseSuggestionFilter>;

function whereOf(filter: SuggestionFilter): Prisma.SuggestionWhereInput {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.tier || filter.region
      ? {
          customer: {
            ...(filter.tier ? { tier: filter.tier } : {}),
            ...(filter.region ? { region: filter.region } : {}),
          },
        }
      : {}),
    ...(filter.from || filter.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: shanghaiDayStart(filter.from) } : {}),
            ...(filter.to ? { lt: shanghaiDayStart(filter.to, 1) } : {}),
          },
        }
      : {}),
  };
}

/** Suggestions for the workspace, newest first, with the count the filter matches. */
export async function listSuggestions({ db, actor, filter }: { db: Db; actor: StaffActor; filter: SuggestionFilter }) {
  assertCan(actor, "page.suggestions");
  const where = whereOf(filter);
  const [rows, total] = await Promise.all([
    db.suggestion.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE,
      select: {
        id: true,
        text: true,
        locale: true,
        status: true,
        tags: true,
        thanks: true,
        createdAt: true,
        customer: { select: { name: true, tier: true, region: true } },
        order: { select: { orderNo: true } },
        handledBy: { select: { name: true } },
      },
    }),
    db.suggestion.count({ where }),
  ]);
  return { rows, total };
}

export const acknowledgeSchema = z.object({ suggestionId: z.string().uuid() });
export const tagSchema = z.object({
  suggestionId: z.string().uuid(),
  tags: z.preprocess(
    (v) => (v === undefined ? [] : ([] as unknown[]).concat(v)),
    z.array(z.enum(SUGGESTION_TAGS)).max(SUGGESTION_TAGS.length),
  ),
});
export const thankSchema = z.object({
  suggestionId: z.string().uuid(),
  thanks: z.string().trim().min(2).max(500),
});

type Change = {
  action: "acknowledge" | "tag" | "thank";
  // Which statuses the change applies in; otherwise it is refused (thanked is final for the flow).
  from: readonly SuggestionStatus[];
  data: (now: Date, actor: StaffActor) => Prisma.SuggestionUncheckedUpdateManyInput;
};

/**
 * One staff change to a suggestion, applied only in the statuses it allows (a conditional update:
 * two colleagues at once cannot both thank), audited with before and after in the same transaction.
 */
async function changeSuggestion({
  db,
  actor,
  suggestionId,
  change,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  suggestionId: string;
  change: Change;
  now?: Date;
}) {
  assertCan(actor, "suggestion.handle");
  return db.$transaction(async (tx) => {
    // Locked: the audit's "before" is the state this change replaces, not one a colleague just changed.
    await tx.$queryRaw`SELECT id FROM suggestions WHERE id = ${suggestionId}::uuid FOR UPDATE`;
    const before = await tx.suggestion.findUnique({
      where: { id: suggestionId },
      select: { status: true, tags: true, thanks: true },
    });
    if (!before) throw new AppError("suggestion_not_found");
    const data = change.data(now, actor);
    const { count } = await tx.suggestion.updateMany({
      where: { id: suggestionId, status: { in: [...change.from] } },
      data,
    });
    if (count === 0) throw new AppError("suggestion_state");
    const after = await tx.suggestion.findUniqueOrThrow({
      where: { id: suggestionId },
      select: { status: true, tags: true, thanks: true },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: `suggestion.${change.action}`,
        target: { type: "suggestion", id: suggestionId },
        before,
        after,
      },
    });
    return after;
  });
}

export function acknowledgeSuggestion(args: { db: Db; actor: StaffActor; suggestionId: string; now?: Date }) {
  return changeSuggestion({
    ...args,
    change: {
      action: "acknowledge",
      from: ["new"],
      data: (now, actor) => ({ status: "acknowledged", acknowledgedAt: now, handledById: actor.id }),
    },
  });
}

/** Tags stay editable after the thanks: they are for counting, not for the customer. */
export function tagSuggestion(args: { db: Db; actor: StaffActor; suggestionId: string; tags: string[] }) {
  const tags = [...new Set(args.tags)].sort();
  return changeSuggestion({
    ...args,
    change: { action: "tag", from: SUGGESTION_STATUSES, data: () => ({ tags }) },
  });
}

/** The thanks the customer reads on their H5 page; ends the flow (a new or acknowledged suggestion). */
export function thankSuggestion(args: { db: Db; actor: StaffActor; suggestionId: string; thanks: string; now?: Date }) {
  return changeSuggestion({
    ...args,
    change: {
      action: "thank",
      from: ["new", "acknowledged"],
      data: (now, actor) => ({
        status: "thanked",
        thanks: args.thanks,
        thankedAt: now,
        handledById: actor.id,
      }),
    },
  });
}
