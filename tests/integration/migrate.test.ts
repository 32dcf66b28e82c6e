import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, readMigrations } from "../../tools/db/migrate";

const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
const databases: string[] = [];

async function freshDatabase() {
  if (!databases.length) await admin.connect();
  const name = `kesu_migrate_${databases.length}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

function migrationsDir(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "kesu-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

afterAll(async () => {
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("migration runner", () => {
  it("applies the project's migrations once and records them as Prisma does", async () => {
    const url = await freshDatabase();
    expect((await migrateDatabase({ connectionString: url })).applied).toEqual(
      readMigrations("prisma/migrations").map((m) => m.name),
    );
    expect((await migrateDatabase({ connectionString: url })).applied).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations"`,
    );
    await client.end();
    const [first] = readMigrations("prisma/migrations");
    expect(rows[0]).toMatchObject({
      migration_name: first.name,
      checksum: first.checksum,
      applied_steps_count: 1,
      rolled_back_at: null,
    });
    expect(rows[0].finished_at).toBeInstanceOf(Date);
    expect(first.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rolls a failing migration back completely and keeps the earlier ones", async () => {
    const url = await freshDatabase();
    const dir = migrationsDir({
      "001_ok": "CREATE TABLE a (id int);",
      "002_bad": "CREATE TABLE b (id int); SELECT * FROM missing_table;",
    });
    await expect(migrateDatabase({ connectionString: url, migrationsDir: dir })).rejects.toThrow(
      /002_bad failed and was rolled back/,
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = (
      await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)
    ).rows.map((r) => r.table_name);
    const recorded = (await client.query(`SELECT migration_name FROM "_prisma_migrations"`)).rows.map(
      (r) => r.migration_name,
    );
    await client.end();
    expect(tables).toEqual(["_prisma_migrations", "a"]);
    expect(recorded).toEqual(["001_ok"]);
  });

  it("refuses a migration edited after it was applied", async () => {
    const url = await freshDatabase();
    const dir = migrationsDir({ "001_ok": "CREATE TABLE a (id int);" });
    await migrateDatabase({ connectionString: url, migrationsDir: dir });
    writeFileSync(join(dir, "001_ok", "migration.sql"), "CREATE TABLE a (id bigint);");
    await expect(migrateDatabase({ connectionString: url, migrationsDir: dir })).rejects.toThrow(
      /edited after it was applied/,
    );
  });
});
