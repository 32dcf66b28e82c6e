import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { AppError } from "./errors";
import { Prisma, PrismaClient } from "./generated/prisma/client";

/**
 * A transaction waits up to 10 s for a pooled connection (Prisma's default is 2 s): in a wave of
 * submissions the pool's connections are all in transactions for a moment, and a short queue is
 * better than a failed complaint. Beyond that the caller is told to retry (`asBusyError`).
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

const SQL_POOL = Symbol("kesu.sqlPool");

/**
 * The Prisma client over a `pg` pool that the hot paths (intake, rate limits) also use directly
 * (`sqlPool`): one set of connections, one limit, whichever way a query is sent.
 */
export function createPrismaClient(connectionString: string) {
  const pool = new pg.Pool({
    connectionString,
    // Raw queries wait for a connection no longer than a transaction does; then `busy` (503).
    connectionTimeoutMillis: TRANSACTION_OPTIONS.maxWait,
    // A script that is done with the database exits without waiting for idle connections to age.
    allowExitOnIdle: true,
  });
  // A connection that dies while idle (PostgreSQL restarted) is dropped and replaced on next use;
  // without a listener the pool's 'error' event would end the process.
  pool.on("error", (error) => console.warn(`[db] idle connection lost: ${error.message}`));
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    transactionOptions: TRANSACTION_OPTIONS,
  });
  return Object.assign(client, { [SQL_POOL]: pool });
}

export type Db = ReturnType<typeof createPrismaClient>;

/** The `pg` pool under a client, for statements Prisma would spend more CPU on than PostgreSQL does. */
export function sqlPool(db: Db): pg.Pool {
  return db[SQL_POOL];
}

/**
 * A transaction that could not get a connection in time becomes `busy` (503, Retry-After), not a
 * 500. Only that one: P2028's other cases (an expired or already closed transaction…) are bugs and
 * stay unexpected, logged errors.
 */
export function asBusyError(error: unknown): unknown {
  const noConnectionInTime =
    (error instanceof Prisma.PrismaClientKnownRequestError &&
      error.code === "P2028" &&
      error.message.includes("Unable to start a transaction in the given time")) ||
    (error instanceof Error && error.message === "timeout exceeded when trying to connect");
  if (!noConnectionInTime) return error;
  console.warn("[db] no pooled connection within the wait: answered 503 busy");
  return new AppError("busy", { retryAfterSeconds: 2 });
}
