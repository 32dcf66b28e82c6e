import { z } from "zod";
import { GROUP_CODE_PATTERN } from "../complaints/vocabulary/handling-groups";
import { CATEGORIES } from "../complaints/vocabulary/taxonomy";
import { TIERS } from "../complaints/vocabulary/terms";
import { addDays, shanghaiToday } from "../shanghai-day";
import { isCalendarDay, isStorableText } from "../validation";

export const GRAINS = ["day", "week", "month"] as const;
const DEFAULT_DAYS = 30;
const MAX_RANGE_DAYS = 731;

export type DashboardFilter = {
  from: string;
  to: string;
  grain: (typeof GRAINS)[number];
  tier?: (typeof TIERS)[number];
  region?: string;
  category: (typeof CATEGORIES)[number][];
  /** Handling groups by code (data an admin edits: an unknown one matches nothing). */
  group: string[];
};

export type ParsedDashboardFilter = {
  filter: DashboardFilter;
  /** URL parameters whose values were not understood and were left out. */
  ignored: string[];
  /** A range the dashboard refuses (it then shows the default range). */
  error?: "range_too_long" | "range_inverted";
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(",")).filter(Boolean);

/**
 * The dashboard's filters from its URL, so a view can be shared. A value that is not understood
 * is dropped and named (the page says so) rather than failing the page; a range longer than two
 * years, or ending before it starts, is refused with a message and the default range is shown.
 */
export function parseDashboardFilter(
  params: Record<string, string | string[] | undefined>,
  now = new Date(),
): ParsedDashboardFilter {
  const ignored = new Set<string>();
  const today = shanghaiToday(now);
  const day = (key: "from" | "to") => {
    const raw = first(params[key]);
    if (raw === undefined || raw === "") return undefined;
    if (isCalendarDay(raw)) return raw;
    ignored.add(key);
    return undefined;
  };
  let to = day("to") ?? today;
  let from = day("from") ?? addDays(to, -(DEFAULT_DAYS - 1));
  let error: ParsedDashboardFilter["error"];
  if (daysBetween(from, to) < 0) error = "range_inverted";
  else if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) error = "range_too_long";
  if (error) [from, to] = [addDays(today, -(DEFAULT_DAYS - 1)), today];

  const pick = <T extends string>(key: string, allowed: readonly T[] | RegExp): T[] => {
    const values = many(params[key]);
    const kept = values.filter((v): v is T =>
      allowed instanceof RegExp ? allowed.test(v) : (allowed as readonly string[]).includes(v),
    );
    if (kept.length !== values.length) ignored.add(key);
    return [...new Set(kept)];
  };
  const grainRaw = first(params.grain);
  const grain = z.enum(GRAINS).safeParse(grainRaw);
  if (grainRaw && !grain.success) ignored.add("grain");
  const tierRaw = first(params.tier);
  const tier = z.enum(TIERS).safeParse(tierRaw);
  if (tierRaw && !tier.success) ignored.add("tier");
  const regionRaw = first(params.region)?.trim();
  // Compared in SQL: too long, or text PostgreSQL cannot take (NUL), is ignored like any other bad value.
  const regionOk = regionRaw !== undefined && regionRaw.length <= 40 && isStorableText(regionRaw);
  if (regionRaw && !regionOk) ignored.add("region");
  const span = daysBetween(from, to) + 1;
  return {
    filter: {
      from,
      to,
      // A sensible default grain for the span: a year of daily bars is unreadable.
      grain: grain.success ? grain.data : span > 180 ? "month" : span > 45 ? "week" : "day",
      tier: tier.success ? tier.data : undefined,
      region: regionRaw && regionOk ? regionRaw : undefined,
      category: pick("category", CATEGORIES),
      group: pick("group", GROUP_CODE_PATTERN),
    },
    ignored: [...ignored],
    error,
  };
}

/** The filter back as a query string (for links that change one thing, e.g. the grain toggle). */
export function dashboardQueryString(filter: Partial<DashboardFilter>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(","));
    } else if (value) params.set(key, value);
  }
  return params.toString();
}
