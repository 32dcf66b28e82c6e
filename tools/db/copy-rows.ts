import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export type CopyValue = string | number | boolean | Date | null | string[];

/** One value in COPY's text format: \N for null, arrays as quoted literals, specials escaped. */
function field(value: CopyValue): string {
  if (value === null) return "\\N";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escape(`{${value.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`);
  return escape(String(value));
}

function escape(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);
}

/**
 * Streams rows into a table with COPY … FROM STDIN, honouring back-pressure, so a million rows
 * take seconds and constant memory.
 */
export async function copyRows({
  client,
  table,
  columns,
  rows,
}: {
  client: pg.Client | pg.PoolClient;
  table: string;
  columns: string[];
  rows: Iterable<CopyValue[]>;
}): Promise<number> {
  const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`));
  let count = 0;
  let buffer = "";
  for (const row of rows) {
    buffer += `${row.map(field).join("\t")}\n`;
    count += 1;
    if (buffer.length > 1 << 16) {
      if (!stream.write(buffer)) await once(stream, "drain");
      buffer = "";
    }
  }
  stream.end(buffer);
  await once(stream, "finish");
  return count;
}
