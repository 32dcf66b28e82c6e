import pg from "pg";

/** Which role the running app connects as: the database name + `_app` (roles are cluster-wide). */
function appRoleName(databaseName: string): string {
  return `${databaseName.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_app`;
}

/**
 * The least-privilege role the running app uses, created or brought up to date by the owner
 * after every migration (so new tables are covered): no superuser, no role or database creation,
 * no ownership of anything, no CREATE in the schema; DML on the tables, but on the audit log only
 * SELECT and INSERT — no UPDATE, DELETE, TRUNCATE or TRIGGER — so the append-only rule cannot be
 * dropped, disabled or bypassed from the app's connection. The migrations table is read-only.
 * Answers the app's connection string.
 */
export async function provisionAppRole({
  ownerUrl,
  password,
}: {
  ownerUrl: string;
  password: string;
}): Promise<string> {
  const url = new URL(ownerUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const role = appRoleName(database);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const id = client.escapeIdentifier(role);
    // Two starts at once (a test run, a second process): the role may appear between check and create.
    await client.query(`DO $$ BEGIN CREATE ROLE ${id} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    await client.query(
      `ALTER ROLE ${id} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
    );
    await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(database)} TO ${id}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${id}`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM ${id}, PUBLIC`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${id}`);
    await client.query(`REVOKE TRUNCATE, TRIGGER, REFERENCES ON ALL TABLES IN SCHEMA public FROM ${id}`);
    await client.query(`REVOKE UPDATE, DELETE ON "audit_log" FROM ${id}`);
    // A trained risk model and its evaluation are history: scores name the model that gave them.
    await client.query(`REVOKE UPDATE, DELETE ON "risk_models" FROM ${id}`);
    // So are the sentiment model's adaptations: which weights were in force when stays readable.
    await client.query(`REVOKE UPDATE, DELETE ON "sentiment_adaptations" FROM ${id}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${id}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${id}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${id}`);
  } finally {
    await client.end();
  }
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

export type PrivilegeProblem =
  "superuser" | "creates_roles_or_databases" | "owns_tables" | "creates_in_schema" | "audit_log_writable";

/**
 * What the given connection could do that the running app must not. Checked at start against the
 * app's connection string, also one configured by hand (DATABASE_APP_URL): start refuses to run
 * with any of these.
 */
export async function privilegeProblems({ url }: { url: string }): Promise<PrivilegeProblem[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      superuser: boolean;
      creates: boolean;
      owns: number;
      schema_create: boolean;
      audit_writable: boolean;
    }>(`
      SELECT r.rolsuper AS superuser,
        (r.rolcreaterole OR r.rolcreatedb) AS creates,
        (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns,
        has_schema_privilege(current_user, 'public', 'CREATE') AS schema_create,
        (has_table_privilege(current_user, 'audit_log', 'UPDATE') OR has_table_privilege(current_user, 'audit_log', 'DELETE')
          OR has_table_privilege(current_user, 'audit_log', 'TRUNCATE') OR has_table_privilege(current_user, 'audit_log', 'TRIGGER')) AS audit_writable
      FROM pg_roles r WHERE r.rolname = current_user`);
    const row = rows[0]!;
    return [
      ...(row.superuser ? (["superuser"] as const) : []),
      ...(row.creates ? (["creates_roles_or_databases"] as const) : []),
      ...(row.owns > 0 ? (["owns_tables"] as const) : []),
      ...(row.schema_create ? (["creates_in_schema"] as const) : []),
      ...(row.audit_writable ? (["audit_log_writable"] as const) : []),
    ];
  } finally {
    await client.end();
  }
}
