/**
 * Fuzzing URL filters (issue 12.12): arbitrary search parameters — repeated keys, huge values,
 * impossible dates, path tricks, unicode, NUL — for the queue, the dashboard, suggestions and the audit log,
 * parsed as their pages parse them and run through the real queries on the real database, as
 * several staff roles. Property: parsing never throws, and the query throws nothing but a typed
 * AppError (never a database error).
 * Seeds are fixed; see tests/support/fuzz.ts for replaying a failure.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditFilterSchema, listAuditLog } from "../../lib/audit/list-audit-log";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { encodeCursor, listQueue } from "../../lib/complaints/queue/list-queue";
import {
  HAS,
  parseQueueFilter,
  queueFilterFromSearchParams,
  SLA_STATES,
  SORT_KEYS,
} from "../../lib/complaints/queue/queue-filter";
import { PRIORITIES, STATUSES } from "../../lib/complaints/vocabulary/terms";
import { CATEGORIES, CATEGORY_GROUPS } from "../../lib/complaints/vocabulary/taxonomy";
import { loadDashboard } from "../../lib/dashboard/dashboard-data";
import { GRAINS, parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { listSuggestions, parseSuggestionFilter } from "../../lib/suggestions/handle-suggestion";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { expectAppError, FUZZ_TIMEOUT, fuzzParams, hostileString, spiked } from "../support/fuzz";
import { createStaff } from "../support/staff";

let staff: StaffActor[];
let complaintIds: string[];

beforeAll(async () => {
  await resetData();
  const filed = await Promise.all([
    fileTestComplaint({ description: "芒果烂了两个，很生气", region: "上海" }),
    fileTestComplaint({ category: "delivery.late", description: "配送延迟三个小时", tier: "vip", region: "北京" }),
    fileTestComplaint({ category: "product.out_of_stock", description: "缺货", amount: "20.00" }),
  ]);
  complaintIds = filed.map((f) => f.id);
  staff = await Promise.all([
    createStaff({ role: "admin" }),
    createStaff({ role: "supervisor" }),
    createStaff({ role: "qa" }),
    createStaff({ role: "agent", groupCodes: ["product"] }),
    createStaff({ role: "expert", groupCodes: ["delivery"] }),
  ]);
});
afterAll(() => testDb.$disconnect());

type Params = Record<string, string | string[] | undefined>;

/** A calendar-ish day: real ones, impossible ones, the ends of the four-digit years, and junk. */
const day = fc.oneof(
  fc.constantFrom(
    "2026-11-30",
    "2026-11-01",
    "2024-02-29",
    "2026-02-28",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "0001-01-01",
    "0100-01-01",
    "1000-01-01",
    "9999-12-31",
    "9999-12-01",
    "9999-01-31",
    "+10000-01-01",
    "2026-1-5",
    "20261130",
    "2026-11-30T00:00:00Z",
    "2026-11-30\u0000",
    "../2026",
    "２０２６-１１-３０",
  ),
  fc
    .date({ min: new Date("0100-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  hostileString,
);

/** A value as a URL can carry it: once, repeated (an array), comma-joined, or absent. */
const urlValue = (...plausible: fc.Arbitrary<string>[]): fc.Arbitrary<string | string[] | undefined> => {
  const one = fc.oneof(
    { weight: 3, arbitrary: fc.oneof(...plausible) },
    { weight: 1, arbitrary: spiked() },
    { weight: 2, arbitrary: hostileString },
  );
  return fc.oneof(
    { weight: 4, arbitrary: one },
    { weight: 2, arbitrary: fc.array(one, { minLength: 2, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 4 }).map((v) => v.join(",")) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );
};

/** Some of the given keys (plus an unknown one now and then), each with a URL value. */
function paramsOf(values: Record<string, fc.Arbitrary<string | string[] | undefined>>): fc.Arbitrary<Params> {
  return fc
    .tuple(
      fc.record(values, { requiredKeys: [] }),
      fc.option(fc.tuple(hostileString, hostileString), { nil: undefined }),
    )
    .map(([params, extra]) =>
      extra
        ? Object.defineProperty({ ...params }, extra[0], {
            value: extra[1],
            enumerable: true,
            writable: true,
            configurable: true,
          })
        : params,
    );
}

const words = fc.constantFrom(
  "芒果",
  "缺货",
  "配送",
  "a & b",
  "foo:*",
  "!(x|y)",
  "'",
  "\\",
  "芒果 | 烂",
  "<->",
  "很生气",
  "上海",
  "北京",
);

const cursor = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(
          "2026-11-22 03:12:00.391+00",
          "infinity",
          "high",
          "2026-02-30 00:00:00+00",
          "9999-12-31 23:59:59+14",
          "0100-01-01 00:00:00+00",
          "2026-11-22 24:00:00+00",
        ),
        hostileString,
      ),
      fc.oneof(fc.uuid(), hostileString),
    )
    .map(([key, id]) => encodeCursor({ key, id })),
  fc.tuple(hostileString, hostileString).map(([a, b]) => Buffer.from(JSON.stringify([a, b])).toString("base64url")),
  hostileString.map((s) => Buffer.from(s).toString("base64url")),
  hostileString,
);

const queueParams = paramsOf({
  status: urlValue(fc.constantFrom(...STATUSES)),
  priority: urlValue(fc.constantFrom(...PRIORITIES)),
  category: urlValue(fc.constantFrom(...CATEGORIES)),
  group: urlValue(fc.constantFrom(...CATEGORY_GROUPS, "mine")),
  sla: urlValue(fc.constantFrom(...SLA_STATES)),
  assignee: urlValue(fc.constantFrom("me", "none"), fc.uuid()),
  vip: urlValue(fc.constant("1")),
  tier: urlValue(fc.constantFrom("normal", "vip")),
  has: urlValue(fc.constantFrom(...HAS)),
  keyword: urlValue(words),
  region: urlValue(fc.constantFrom("上海", "北京", "")),
  from: urlValue(day),
  to: urlValue(day),
  q: urlValue(words),
  sort: urlValue(fc.constantFrom(...SORT_KEYS)),
  dir: urlValue(fc.constantFrom("asc", "desc")),
  after: urlValue(cursor),
});

/** Runs a query; anything thrown must be a typed AppError (a database error fails the property). */
async function typedOnly(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    expectAppError(error);
  }
}

describe("queue filters", () => {
  it(
    "any search parameters: parsing drops what it does not understand, listQueue never fails with a database error",
    async () => {
      await fc.assert(
        fc.asyncProperty(queueParams, fc.nat(), async (params, who) => {
          const filter = parseQueueFilter(params);
          await typedOnly(() => listQueue({ db: testDb, actor: staff[who % staff.length]!, filter }));
        }),
        fuzzParams(150, [
          [{ region: "上\u0000海" }, 0],
          [{ keyword: "芒\u0000" }, 1],
          [{ q: "芒果\u0000" }, 0],
          [{ from: "9999-12-01", to: "9999-12-31", keyword: "芒果" }, 0],
          [{ to: "9999-12-31", keyword: "芒果" }, 1],
          [{ to: "0999-12-29", keyword: "芒果" }, 0],
        ]),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "a raw query string (as the export route reads it) parses without throwing and queries cleanly",
    async () => {
      const rawQuery = fc.oneof(
        hostileString,
        fc
          .array(
            fc.tuple(
              fc.constantFrom(
                "status",
                "from",
                "to",
                "q",
                "after",
                "region",
                "keyword",
                "sort",
                "%00",
                "__proto__",
                "constructor",
              ),
              hostileString,
            ),
            { maxLength: 6 },
          )
          .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v.toWellFormed())}`).join("&")),
        fc.constantFrom(
          "status=new&status=new&status=new",
          "q=%00",
          "q=%E8%8A%92%00",
          "from=2026-02-30&to=9999-12-31",
          "region=%ZZ",
          "a=1&&&=&b",
          "__proto__[x]=1",
          "constructor=1&toString=2&hasOwnProperty=3",
          "after=" + "A".repeat(10_000),
        ),
      );
      await fc.assert(
        fc.asyncProperty(rawQuery, fc.nat(), async (query, who) => {
          const filter = queueFilterFromSearchParams(new URLSearchParams(query));
          await typedOnly(() => listQueue({ db: testDb, actor: staff[who % staff.length]!, filter }));
        }),
        fuzzParams(100, [["region=%E4%B8%8A%00", 0]]),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("dashboard filters", () => {
  it(
    "any search parameters: parseDashboardFilter answers a usable filter, loadDashboard never fails with a database error",
    async () => {
      const params = paramsOf({
        from: urlValue(day),
        to: urlValue(day),
        grain: urlValue(fc.constantFrom(...GRAINS)),
        tier: urlValue(fc.constantFrom("normal", "vip")),
        region: urlValue(fc.constantFrom("上海", "北京", "x".repeat(41))),
        category: urlValue(fc.constantFrom(...CATEGORIES)),
        group: urlValue(fc.constantFrom(...CATEGORY_GROUPS)),
      });
      await fc.assert(
        fc.asyncProperty(params, fc.nat(), async (p, who) => {
          const { filter } = parseDashboardFilter(p, new Date("2026-11-30T04:00:00Z"));
          // Dashboard roles only (an agent is refused with a typed error anyway).
          await typedOnly(() => loadDashboard({ db: testDb, actor: staff[who % 3]!, filter }));
        }),
        fuzzParams(120, [
          [{ region: "上\u0000海" }, 0],
          [{ from: "9999-12-01", to: "9999-12-31" }, 0],
          [{ from: "9999-06-01", to: "9999-12-31", grain: "month" }, 0],
          [{ to: "0999-12-29" }, 0],
          [{ from: "0999-11-15", to: "1000-02-10" }, 0],
        ]),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("suggestion filters", () => {
  it(
    "any search parameters: parseSuggestionFilter answers a usable filter, listSuggestions never fails with a database error",
    async () => {
      const params = paramsOf({
        status: urlValue(fc.constantFrom("new", "acknowledged", "thanked", "closed")),
        from: urlValue(day),
        to: urlValue(day),
        tier: urlValue(fc.constantFrom("normal", "vip")),
        region: urlValue(fc.constantFrom("上海", "北京", "x".repeat(41))),
      });
      await fc.assert(
        fc.asyncProperty(params, fc.nat(), async (p, who) => {
          const filter = parseSuggestionFilter(p);
          await typedOnly(() => listSuggestions({ db: testDb, actor: staff[who % staff.length]!, filter }));
        }),
        fuzzParams(100, [
          [{ region: "上\u0000海" }, 0],
          [{ from: "9999-12-31", to: "9999-12-31" }, 0],
          [{ to: "0999-12-29", status: ["new", "thanked"] }, 0],
        ]),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("audit log filters", () => {
  it(
    "any search parameters: the audit filter parses, listAuditLog never fails with a database error",
    async () => {
      const params = paramsOf({
        action: urlValue(fc.constantFrom("complaint.", "auth.", "upload.stored", "h5.link_issued")),
        actor: urlValue(fc.constantFrom("admin", "shop", "%", "_", "\\")),
        target: urlValue(fc.constantFrom(...complaintIdsOrPlaceholder())),
        from: urlValue(day),
        to: urlValue(day),
        before: urlValue(
          fc.constantFrom(
            "1",
            "42",
            "0",
            "-1",
            "9223372036854775807",
            "9223372036854775808",
            "1e3",
            "0x10",
            "1.5",
            " 7 ",
            "",
          ),
        ),
      });
      await fc.assert(
        fc.asyncProperty(params, async (p) => {
          // As the audit page reads its searchParams: the first of repeated values.
          const filter = auditFilterSchema.parse(
            Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
          );
          await typedOnly(() => listAuditLog({ db: testDb, actor: staff[0]!, filter }));
        }),
        fuzzParams(150, [
          [{ actor: "adm\u0000in" }],
          [{ target: "\u0000" }],
          [{ from: "9999-12-31", to: "9999-12-31" }],
        ]),
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** Targets to filter by: the seeded complaints' ids (known once beforeAll ran), else a placeholder. */
function complaintIdsOrPlaceholder(): string[] {
  return complaintIds?.length ? complaintIds : ["00000000-0000-0000-0000-000000000000"];
}

it("parsing never throws, whatever the parameters", () => {
  fc.assert(
    fc.property(queueParams, (params) => {
      expect(() => parseQueueFilter(params)).not.toThrow();
      expect(() => parseDashboardFilter(params)).not.toThrow();
    }),
    fuzzParams(500),
  );
});
