import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

/**
 * The connection string of the embedded PostgreSQL an `npm start` already runs on `dataDir`
 * (its port is line 4 of postmaster.pid), or null when none answers — so a tool such as
 * `npm run seed:bulk` works the same with the app running or stopped.
 */
export async function runningEmbeddedPostgres(dataDir: string): Promise<string | null> {
  const pidFile = join(dataDir, "pg", "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const port = Number(readFileSync(pidFile, "utf8").split("\n")[3]);
  if (!Number.isInteger(port) || port <= 0) return null;
  const url = `postgresql://kesu:kesu@127.0.0.1:${port}/kesu`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}
