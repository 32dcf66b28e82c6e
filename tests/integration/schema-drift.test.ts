import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { testDb } from "../support/db-helpers";

/**
 * The migrations are hand-written SQL; this compares the migrated database with what
 * prisma/schema.prisma declares (via Prisma's own schema parser), so they cannot drift.
 */
type Field = {
  name: string;
  dbName?: string;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  nativeType?: [string, string[]] | null;
  default?: { name?: string };
};
type Model = {
  name: string;
  dbName: string | null;
  fields: Field[];
  uniqueFields: string[][];
  primaryKey: { fields: string[] } | null;
};
type Enum = { name: string; values: { name: string }[] };

const SCHEMA = readFileSync("prisma/schema.prisma", "utf8");
const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", SCHEMA]] }))).datamodel as {
  models: Model[];
  enums: Enum[];
};

/**
 * Fields of a type Prisma cannot read (e.g. `Unsupported("tsvector")?`) are left out of the DMMF;
 * they are read from the schema text instead, as `column type null|not null` per table.
 */
function unsupportedColumns(schema: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [, body] of schema.matchAll(/^model \w+ \{\n([\s\S]*?)^\}/gm)) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1];
    const columns = [...body!.matchAll(/^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\?)?(.*)$/gm)].map(
      ([, name, type, optional, rest]) =>
        `${/@map\("([^"]+)"\)/.exec(rest!)?.[1] ?? name} ${type} ${optional ? "null" : "not null"}`,
    );
    if (table && columns.length) out.set(table, columns);
  }
  return out;
}

const UNSUPPORTED = unsupportedColumns(SCHEMA);

function expectedType(field: Field): string {
  if (field.kind === "enum") return field.type;
  const native = field.nativeType?.[0];
  const args = field.nativeType?.[1] ?? [];
  if (native === "Uuid") return "uuid";
  if (native === "Timestamptz") return "timestamptz";
  if (native === "Date") return "date";
  if (native === "Decimal") return `numeric(${args.join(",")})`;
  if (field.default?.name === "autoincrement" && field.type === "BigInt") return "int8";
  return (
    {
      String: "text",
      Int: "int4",
      BigInt: "int8",
      Float: "float8",
      Boolean: "bool",
      DateTime: "timestamp",
      Json: "jsonb",
      Decimal: "numeric(65,30)",
    }[field.type] ?? field.type
  );
}

afterAll(() => testDb.$disconnect());

describe("migrations match prisma/schema.prisma", async () => {
  const columns = await testDb.$queryRaw<
    {
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
      numeric_precision: number | null;
      numeric_scale: number | null;
    }[]
  >`
    SELECT table_name, column_name, udt_name, is_nullable, numeric_precision, numeric_scale
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`;
  const uniques = await testDb.$queryRaw<{ table_name: string; columns: string[] }[]>`
    SELECT t.relname AS table_name, array_agg(a.attname ORDER BY k.ord)::text[] AS columns
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    -- Partial unique indexes (e.g. one open alert per key) cannot be declared in Prisma: not compared.
    WHERE i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL
    GROUP BY i.indexrelid, t.relname`;
  const enums = await testDb.$queryRaw<{ name: string; labels: string[] }[]>`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`;

  const tableNames = new Set(columns.map((c) => c.table_name));

  it("has exactly one table per model", () => {
    expect([...tableNames].sort()).toEqual(dmmf.models.map((m) => m.dbName ?? m.name).sort());
  });

  for (const model of dmmf.models) {
    const table = model.dbName ?? model.name;
    it(`${model.name}: columns, types and nullability`, () => {
      const actual = columns
        .filter((c) => c.table_name === table)
        .map((c) => {
          const base = c.udt_name.replace(/^_/, "");
          const type = base === "numeric" ? `numeric(${c.numeric_precision},${c.numeric_scale})` : base;
          return `${c.column_name} ${type}${c.udt_name.startsWith("_") ? "[]" : ""} ${c.is_nullable === "YES" ? "null" : "not null"}`;
        })
        .sort();
      const expected = model.fields
        .filter((f) => f.kind !== "object")
        .map(
          (f) =>
            `${f.dbName ?? f.name} ${expectedType(f)}${f.isList ? "[]" : ""} ${f.isRequired && !f.isList ? "not null" : "null"}`,
        )
        .concat(UNSUPPORTED.get(table) ?? [])
        .sort();
      expect(actual).toEqual(expected);
    });

    it(`${model.name}: unique constraints`, () => {
      const column = (name: string) => model.fields.find((f) => f.name === name)!;
      const dbName = (name: string) => column(name).dbName ?? name;
      const expected = [
        ...model.fields.filter((f) => f.isUnique).map((f) => [dbName(f.name)]),
        ...model.uniqueFields.map((fields) => fields.map(dbName)),
      ]
        .map((cols) => cols.join(","))
        .sort();
      const actual = uniques
        .filter((u) => u.table_name === table)
        .map((u) => u.columns.join(","))
        .sort();
      expect(actual).toEqual(expected);
    });
  }

  it("has the schema's enums with the same values in the same order", () => {
    const actual = Object.fromEntries(enums.map((e) => [e.name, e.labels]));
    for (const e of dmmf.enums) expect(actual[e.name], e.name).toEqual(e.values.map((v) => v.name));
    expect(Object.keys(actual).sort()).toEqual(dmmf.enums.map((e) => e.name).sort());
  });
});
