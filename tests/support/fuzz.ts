import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";
import { ERROR_STATUS, isAppError, type AppError } from "../../lib/errors";
import { LOCALES } from "../../lib/i18n/config";
import { translatorFor } from "../../lib/i18n/translator";
import { testDb } from "./db-helpers";

/**
 * The fuzz suite's settings. Every property runs from one fixed seed so `npm test` is
 * repeatable; a failure prints `{ seed, path }` — replay exactly that case with
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run tests/integration/fuzz-…`. To explore beyond
 * the standing cases: `FUZZ_SEED=$RANDOM FUZZ_RUNS=10` (runs × 10).
 */
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_261_201;
const RUNS_FACTOR = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1;

/** Per property: the runs plus shrinking a failure against the database. */
export const FUZZ_TIMEOUT = 180_000;

export function fuzzParams<T>(numRuns: number, examples: NoInfer<T>[] = []): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED,
    numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)),
    examples,
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH, endOnFailure: true } : {}),
  };
}

// ---------------------------------------------------------------- hostile values

/** Strings that broke (or break) something somewhere: NUL, lone surrogates, overlong, injections, look-alikes. */
const HOSTILE_STRINGS = [
  "",
  " ",
  "   \t\n ",
  "\u0000",
  "a\u0000b",
  "芒果\u0000烂了",
  "\ud800",
  "x\udfffy",
  "\ud83d",
  "😀",
  "👨‍👩‍👧‍👦",
  "\u202eevil",
  "\ufeffBOM",
  "\u200b",
  "\u2028\u2029",
  "\u0085",
  "\r\n",
  "\u001b[31mred",
  "\u007f",
  "null",
  "undefined",
  "true",
  "NaN",
  "Infinity",
  "-Infinity",
  "-1",
  "-0",
  "0",
  "1e309",
  "1e-7",
  "0x19",
  "25.805",
  " 25.8 ",
  "２５",
  "__proto__",
  "constructor",
  "prototype",
  "../../../etc/passwd",
  "..%2f..%2f",
  "%00",
  "' OR '1'='1",
  "'; DROP TABLE complaints; --",
  "\\",
  '"',
  "<script>alert(1)</script>",
  "${7*7}",
  "{{7*7}}",
  '=HYPERLINK("http://x")',
  "İ",
  "ﬁ",
  "a & b | !c",
  "foo:*",
  "(",
  "2026-02-30",
  "2026-13-01",
  "0000-01-01",
  "9999-12-31",
  "2026-11-22T09:00:00+08:00",
  "00000000-0000-0000-0000-000000000000",
  "product.quality",
  "SO-T1",
];

const oneChar = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom("芒", "果", "烂", "缺", "斤", "😀", "é", "\u0301", "\u3000", "ß", "\u0000") },
);

/** Characters that break storage or rendering (NUL and lone surrogates, the database's bane, most often). */
const dangerousChar = fc.oneof(
  { weight: 4, arbitrary: fc.constant("\u0000") },
  { weight: 3, arbitrary: fc.constantFrom("\ud800", "\udfff", "\ud83d") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "\u0001",
      "\u001b",
      "\u007f",
      "\u202e",
      "\ufeff",
      "\u2028",
      "\r\n",
      "\\",
      '"',
      "'",
      "%",
      "<",
    ),
  },
);

/** A plausible value with one dangerous character inserted somewhere: what slips past a length or format check. */
export const spiked = (...bases: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(
        ...(bases.length
          ? bases
          : ["芒果烂了", "SO-FZ-1", "上海", "王芳", "13900000000", "FR-MANGO-1KG", "product.quality"]),
      ),
      dangerousChar,
      fc.nat(),
    )
    .map(([base, char, at]) => {
      const cut = at % (base.length + 1);
      return base.slice(0, cut) + char + base.slice(cut);
    });

/** Any string a client could send, weighted towards the dangerous ones; up to 12 000 characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: oneChar, maxLength: 40 }) },
  { weight: 3, arbitrary: spiked() },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("x", "芒", "😀", "\u0000", "a\u0000"), fc.integer({ min: 60, max: 12_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/**
 * A JSON fragment JSON.stringify cannot produce — a bare 1e309, nesting 100 000 deep (which
 * JSON.stringify itself could not write) — as a marker string that `toJsonText` writes out raw.
 */
export const RAW = (fragment: "number" | "deep-array" | "deep-object", text: string) =>
  `\u0001raw:${fragment}:${text}\u0001`;

function rawFragment(fragment: string, text: string): string {
  if (fragment === "number") return text;
  const depth = Number(text);
  return fragment === "deep-array"
    ? `${"[".repeat(depth)}1${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

export const rawNumber = fc
  .constantFrom("1e309", "-1e309", "1E400", "-0", "0e0", "1.0000000000000000001", "123456789012345678901234567890")
  .map((n) => RAW("number", n));

/** Deeply nested arrays or objects (`[[[…]]]`, `{"a":{"a":…}}`), up to 100 000 levels. */
const deepValue: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("deep-array" as const, "deep-object" as const), fc.constantFrom(50, 1_000, 10_000, 100_000))
  .map(([kind, depth]) => RAW(kind, String(depth)));

/** JSON text of a value, with RAW markers written out. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(
    /"\\u0001raw:([a-z-]+):([^"\\]+)\\u0001"/g,
    (_, fragment: string, text: string) => rawFragment(fragment, text),
  );
}

/** An object whose own key is `__proto__` (an object literal would set the prototype instead). */
const protoObject: fc.Arbitrary<unknown> = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":true,"status":"resolved"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
  JSON.parse('{"__proto__":null}'),
);

/** Any JSON-ish value, hostile strings and awkward numbers included. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(0, -0, -1, 1e21, 1.005, 25.805, Number.MAX_SAFE_INTEGER + 2, 1e-7, 0.1 + 0.2),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [""], [{}]) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: protoObject },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
);

/** A copy of `body` with the value at `path` replaced (or removed with `undefined`). */
export function mutateAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (Array.isArray(body) ? [...body] : body && typeof body === "object" ? { ...body } : {}) as Record<
    string | number,
    unknown
  >;
  const next = mutateAt(container[head!], rest, value);
  if (next === undefined) delete container[head!];
  else Object.defineProperty(container, head!, { value: next, enumerable: true, writable: true, configurable: true });
  return container;
}

/** Every path to a leaf or container of a JSON body (what `mutateAt` can replace). */
export function pathsOf(body: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length ? [prefix] : [];
  if (Array.isArray(body))
    return [...here, [...prefix, body.length], ...body.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (body && typeof body === "object")
    return [...here, [...prefix, "__proto__"], ...Object.entries(body).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

/** A header value a client can actually send (a ByteString without NUL, CR or LF). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", " ", "x".repeat(10_240), "é", "ÿÿ", "\t", "a\tb", "*", ";;;", "q=0", "\u007f"),
  fc.string({
    unit: fc
      .integer({ min: 1, max: 0xff })
      .filter((c) => c !== 10 && c !== 13)
      .map((c) => String.fromCharCode(c)),
    maxLength: 60,
  }),
  fc.integer({ min: 256, max: 12_000 }).map((n) => "k".repeat(n)),
);

// ---------------------------------------------------------------- assertions

const t = Object.fromEntries(
  LOCALES.map((locale) => [locale, translatorFor(locale) as unknown as { has(key: string): boolean }]),
);

/** The code is one of ours and every locale has a message for it (and for each field code). */
function expectTranslatable(error: AppError) {
  expect(Object.keys(ERROR_STATUS)).toContain(error.code);
  for (const locale of LOCALES) {
    expect(t[locale]!.has(`errors.${error.code}`), `${locale} errors.${error.code}`).toBe(true);
    for (const field of error.fields)
      expect(t[locale]!.has(`fields.${field.code}`), `${locale} fields.${field.code}`).toBe(true);
  }
}

/** Anything thrown must be a typed AppError with a translatable code; returns it for further checks. */
export function expectAppError(error: unknown): AppError {
  if (!isAppError(error))
    throw new Error(
      `expected a typed AppError, got: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      { cause: error },
    );
  expectTranslatable(error);
  return error;
}

type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  errors?: { field: string; code: string; message: string }[];
};

/**
 * No 5xx, and a refusal is RFC 9457 problem+json with a known code, a translated title (not the
 * message key) and, for validation failures, every field with a translated message.
 */
export async function expectNoServerError(response: Response): Promise<Problem | null> {
  if (response.status >= 500) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  if (response.status < 400) return null;
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(LOCALES).toContain(response.headers.get("content-language"));
  const problem = (await response.json()) as Problem;
  expect(Object.keys(ERROR_STATUS)).toContain(problem.code);
  expect(problem.status).toBe(response.status);
  expect(ERROR_STATUS[problem.code as keyof typeof ERROR_STATUS]).toBe(response.status);
  expect(typeof problem.title).toBe("string");
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.title).not.toMatch(/^errors\./);
  if (problem.code === "validation_failed") {
    expect(problem.errors?.length).toBeGreaterThan(0);
    for (const field of problem.errors!) {
      expect(typeof field.field).toBe("string");
      expect(field.message.length).toBeGreaterThan(0);
      expect(field.message).not.toMatch(/^fields\./);
    }
  }
  return problem;
}

// ---------------------------------------------------------------- "nothing written"

const COUNTED_TABLES = [
  "complaints",
  "orders",
  "order_items",
  "customers",
  "uploads",
  "compensations",
  "complaint_events",
  "outbox_events",
  "audit_log",
  "survey_responses",
  "faq_self_serves",
] as const;
const COUNT_SQL = `SELECT ${COUNTED_TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(", ")}`;

/**
 * Rows of every table a public input can write to, in one round trip (rate-limit hits excepted:
 * refusals count, by design).
 */
export async function allRowCounts(): Promise<Record<(typeof COUNTED_TABLES)[number], number>> {
  const [row] = await testDb.$queryRawUnsafe<Record<(typeof COUNTED_TABLES)[number], number>[]>(COUNT_SQL);
  return row!;
}

/** Files under a data directory's uploads/ (the local object store). */
export function storedFileNames(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, "uploads"));
  } catch {
    return [];
  }
}
