import { assertCan, type StaffActor } from "../auth/staff-actor";
import { TIERS } from "../complaints/vocabulary/terms";
import { maskName } from "../customers/mask-name";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { shanghaiDayStart } from "../shanghai-day";
import { isVideoType } from "../storage/video-rules";
import { isCalendarDay, isStorableText } from "../validation";

const PAGE_SIZE = 100;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The ratings list's filter from the URL — what a dashboard bar or row was (range, tier, region,
 * product, month; `low` for the ones that became complaints). Bad values are ignored.
 */
export function parseRatingFilter(params: Record<string, string | string[] | undefined>) {
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string).trim() : undefined);
  const day = (key: string) => {
    const value = one(key);
    return value && isCalendarDay(value) ? value : undefined;
  };
  const text = (key: string, max: number) => {
    const value = one(key);
    return value && value.length <= max && isStorableText(value) ? value : undefined;
  };
  const tier = one("tier");
  const month = one("month");
  return {
    from: day("from"),
    to: day("to"),
    tier: (TIERS as readonly string[]).includes(tier ?? "") ? (tier as (typeof TIERS)[number]) : undefined,
    region: text("region", 40),
    product: text("product", 64),
    month: month && MONTH.test(month) ? month : undefined,
    low: one("low") === "1" ? ("1" as const) : undefined,
  };
}
export type RatingFilter = ReturnType<typeof parseRatingFilter>;

/** A month "YYYY-MM" as [first day, first day of the next] in Shanghai days. */
function monthRange(month: string) {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const next = number === 12 ? `${year + 1}-01-01` : `${year}-${String(number + 1).padStart(2, "0")}-01`;
  return { gte: shanghaiDayStart(`${month}-01`), lt: shanghaiDayStart(next) };
}

function whereOf(filter: RatingFilter): Prisma.RatingWhereInput {
  const and: Prisma.RatingWhereInput[] = [];
  if (filter.from) and.push({ createdAt: { gte: shanghaiDayStart(filter.from) } });
  if (filter.to) and.push({ createdAt: { lt: shanghaiDayStart(filter.to, 1) } });
  if (filter.month) and.push({ createdAt: monthRange(filter.month) });
  if (filter.tier) and.push({ tier: filter.tier });
  if (filter.region) and.push({ region: filter.region });
  if (filter.product) and.push({ order: { items: { some: { product: { sku: filter.product } } } } });
  if (filter.low) and.push({ complaintId: { not: null } });
  return { AND: and };
}

/** The URL of the list for a filter (the dashboard's drill-down links). */
export function ratingsHref(filter: Partial<RatingFilter>): string {
  const entries = Object.entries(filter).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return `/admin/ratings${entries.length ? `?${new URLSearchParams(entries)}` : ""}`;
}

/** Ratings for the workspace, newest first, with the count the filter matches; names masked. */
export async function listRatings({ db, actor, filter }: { db: Db; actor: StaffActor; filter: RatingFilter }) {
  assertCan(actor, "page.ratings");
  const where = whereOf(filter);
  const [rows, total] = await Promise.all([
    db.rating.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE,
      select: {
        id: true,
        stars: true,
        tags: true,
        text: true,
        region: true,
        tier: true,
        source: true,
        complaintId: true,
        createdAt: true,
        order: { select: { orderNo: true } },
        customer: { select: { name: true } },
        uploads: { select: { id: true, contentType: true }, orderBy: { position: "asc" } },
      },
    }),
    db.rating.count({ where }),
  ]);
  return {
    total,
    rows: rows.map(({ customer, uploads, ...row }) => ({
      ...row,
      customer: maskName(customer.name),
      files: uploads.map((upload) => ({ id: upload.id, video: isVideoType(upload.contentType) })),
    })),
  };
}
