// No "server-only" marker: the Pages Router bundle of the intake route (pages/api/v1/complaints.ts)
// resolves it without the react-server condition, where it throws. Lint keeps components/ off this module,
// and tests/integration/architecture-arrows.test.ts fails if any "use client" module reaches it.
import { createPrismaClient, type Db } from "./db-client";
import { getEnv } from "./env";

const globalForDb = globalThis as unknown as { kesuDb?: Db };

function client(): Db {
  globalForDb.kesuDb ??= createPrismaClient(getEnv().DATABASE_URL);
  return globalForDb.kesuDb;
}

/**
 * The one Prisma client. Created on first use rather than at import, so `next build` (which
 * imports every route) needs no database configuration.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const instance = client();
    const value = Reflect.get(instance, property);
    return typeof value === "function" ? value.bind(instance) : value;
  },
});
