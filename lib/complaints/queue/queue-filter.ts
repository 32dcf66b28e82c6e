import { GROUP_CODE_PATTERN } from "../vocabulary/handling-groups";
import { z } from "zod";
import { isCalendarDay, isStorableText } from "../../validation";
import { CATEGORIES } from "../vocabulary/taxonomy";
import { PRIORITIES, STATUSES, TIERS } from "../vocabulary/terms";

export const SLA_STATES = ["breached", "soon", "ok", "paused"] as const;
export const SORT_KEYS = ["created", "sla", "priority", "updated"] as const;
const OPEN_STATUSES = ["new", "processing", "waiting_customer"] as const;
export const SLA_SOON_MINUTES = 30;
/** What happened to a complaint, as the dashboard counts it (drill-downs from its charts). */
export const HAS = ["responded", "resolved", "breached", "surveyed", "nps"] as const;

/** A list param arrives repeated (?status=a&status=b, from a GET form) or comma-joined (shared links). */
function list<T extends string>(values: readonly T[], pattern?: RegExp) {
  const allowed = new Set<string>(values);
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((raw) =>
      [...new Set((raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(",")))].filter(
        (v): v is T => allowed.has(v) || (pattern?.test(v) ?? false),
      ),
    )
    .catch([]);
}

const day = z.string().refine(isCalendarDay).optional().catch(undefined);
// Free text compared in SQL; one PostgreSQL cannot take (NUL, a lone surrogate) is dropped like any malformed value.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(isStorableText)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

/**
 * The queue's filters exactly as they live in the URL, so any view can be shared as a link.
 * Unknown or malformed values are dropped rather than failing the page: a half-broken shared
 * link still opens, showing what it can.
 */
const queueFilterSchema = z.object({
  status: list(STATUSES),
  priority: list(PRIORITIES),
  category: list(CATEGORIES),
  // Handling groups by code (they are data: an unknown one matches nothing); "mine" = the viewer's own.
  group: list<string>(["mine"], GROUP_CODE_PATTERN),
  sla: list(SLA_STATES),
  // "me", "none" or a staff id.
  assignee: z
    .union([z.literal("me"), z.literal("none"), uuid])
    .optional()
    .catch(undefined),
  vip: z.enum(["1"]).optional().catch(undefined),
  // The customer's tier when the complaint was filed (vip=1 is the older spelling of tier=vip).
  tier: list(TIERS),
  has: z.enum(HAS).optional().catch(undefined),
  // One of the complaint's stored keywords, exactly (the dashboard's word cloud).
  keyword: text(40),
  // A product's SKU (as the shop API sends it): complaints whose order contains it (the dashboard's rates).
  product: text(64),
  region: text(40),
  from: day,
  to: day,
  q: text(100),
  sort: z.enum(SORT_KEYS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  after: z.string().max(300).optional().catch(undefined),
});

export type QueueFilter = z.infer<typeof queueFilterSchema>;

export function parseQueueFilter(params: Record<string, string | string[] | undefined>): QueueFilter {
  return queueFilterSchema.parse(params);
}

/** The same from a URL's query (route handlers), read as Next reads a page's searchParams: one value as a string, repeated ones as a list. */
export function queueFilterFromSearchParams(params: URLSearchParams): QueueFilter {
  return parseQueueFilter(
    Object.fromEntries(
      [...new Set(params.keys())].map((key) => {
        const values = params.getAll(key);
        return [key, values.length === 1 ? values[0] : values];
      }),
    ),
  );
}

/** The URL query for a filter (without the page cursor unless given), lists comma-joined. */
export function queueQueryString(filter: { [K in keyof QueueFilter]?: QueueFilter[K] | readonly string[] }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value !== "string" && value && typeof value === "object") {
      if (value.length) params.set(key, value.join(","));
    } else if (typeof value === "string" && value) params.set(key, value);
  }
  return params.toString();
}

/** The saved views: plain links to filter sets, resolved per viewer ("me" is whoever opens it). */
export const SAVED_VIEWS = {
  mine: { assignee: "me", status: OPEN_STATUSES, sort: "sla", dir: "asc" },
  unassigned: { assignee: "none", group: ["mine"], status: ["new", "processing"], sort: "sla", dir: "asc" },
  breaching: { sla: ["breached", "soon"], status: OPEN_STATUSES, sort: "sla", dir: "asc" },
} as const satisfies Record<string, Parameters<typeof queueQueryString>[0]>;
