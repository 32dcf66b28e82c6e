import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { privilegeProblems } from "../../tools/db/app-role";
import { createPrismaClient } from "../../lib/db-client";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";

/**
 * Issue 12, point 7: the running app connects as a role that cannot rewrite history. The role is
 * the one start provisions (tools/db/app-role.ts, also for the embedded database); these statements
 * run on its own connection.
 */
const appUrl = inject("appDatabaseUrl");
const app = new pg.Client({ connectionString: appUrl });
const appDb = createPrismaClient(appUrl);

beforeAll(async () => {
  await resetData();
  await app.connect();
});
afterAll(async () => {
  await app.end();
  await appDb.$disconnect();
  await testDb.$disconnect();
});

const refused = (sql: string) =>
  app.query(sql).then(
    () => "ran",
    (error: { message: string }) => error.message,
  );

describe("the app's database role", () => {
  it("appends to the audit log and reads it, but cannot update, delete, truncate, disable or drop its guard", async () => {
    await app.query(`INSERT INTO audit_log (actor_type, action) VALUES ('system', 'least-privilege.test')`);
    expect(
      (await app.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'least-privilege.test'`)).rows[0].n,
    ).toBe(1);
    expect(await refused(`UPDATE audit_log SET action = 'forged'`)).toMatch(/permission denied/);
    expect(await refused(`DELETE FROM audit_log`)).toMatch(/permission denied/);
    expect(await refused(`TRUNCATE audit_log`)).toMatch(/permission denied/);
    expect(await refused(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`)).toMatch(/must be owner/);
    expect(await refused(`DROP TRIGGER audit_log_no_update_delete ON audit_log`)).toMatch(/must be owner/);
    expect(await refused(`DROP FUNCTION audit_log_append_only() CASCADE`)).toMatch(/must be owner/);
    expect(await refused(`SET session_replication_role = replica`)).toMatch(/permission denied/);
    expect(await refused(`CREATE TABLE forged (id int)`)).toMatch(/permission denied/);
    expect(await refused(`ALTER ROLE CURRENT_USER SUPERUSER`)).toMatch(/permission denied/);
    expect(await refused(`DELETE FROM _prisma_migrations`)).toMatch(/permission denied/);
    // Trained models are history too: a risk score names its model, and the sentiment weights in
    // force at any moment can be read back.
    for (const table of ["risk_models", "sentiment_adaptations"]) {
      expect(await refused(`UPDATE ${table} SET trigger = 'manual'`)).toMatch(/permission denied/);
      expect(await refused(`DELETE FROM ${table}`)).toMatch(/permission denied/);
    }
    expect(
      (
        await testDb.auditLog.findMany({
          where: { action: { in: ["least-privilege.test", "forged"] } },
          select: { action: true },
        })
      ).map((e) => e.action),
    ).toEqual(["least-privilege.test"]);
  });

  it("is checked at start: no problems for the app's role, every problem named for the owner", async () => {
    expect(await privilegeProblems({ url: appUrl })).toEqual([]);
    expect(await privilegeProblems({ url: process.env.DATABASE_URL! })).toEqual([
      "superuser",
      "creates_roles_or_databases",
      "owns_tables",
      "creates_in_schema",
      "audit_log_writable",
    ]);
  });

  it("still does the app's work: intake with its triage, refund, events and audit entry", async () => {
    const { orderNo } = await fileTestComplaint({ category: "product.quality", amount: "25.80" });
    const { complaint } = await createComplaint({
      db: appDb,
      actor: { type: "shop" },
      input: { orderNo, category: "product.out_of_stock", description: "缺货了", imageIds: [] },
      source: "api",
      keyring: testKeyring(),
    });
    expect(complaint.status).toBe("resolved");
    expect(
      await testDb.auditLog.count({
        where: { action: "compensation.auto_refund", after: { path: ["complaintId"], equals: complaint.id } },
      }),
    ).toBe(1);
  });
});
