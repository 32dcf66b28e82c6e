import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { AppError } from "./errors";
import { Prisma, PrismaClient } from "./generated/prisma/client";

/**
 * A transaction waits up to 10 s for a pooled connection (Prisma's default is 2 s): in a wave of
 * submissions the pool's connections are all in transactions for a moment, and a short queue is
 * better than a failed complaint. Beyond that the caller is told to retry (`asRetryableDbError`).
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

// Symbol.for, not Symbol: instrumentation.ts and each route bundle load their own copy of this
// module, and the client is cached on globalThis by whichever comes first; a module-local symbol
// would make sqlPool() of another bundle find nothing on it.
const SQL_POOL = Symbol.for("kesu.sqlPool");

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
    // A connection cut without FIN/RST (a network partition) is noticed instead of waited on forever.
    keepAlive: true,
    // Idle connections are kept (pg's default closes them after 10 s). A new one costs a backend
    // start, SCRAM authentication and cold caches: on the 1 M database, the dashboard opened after
    // 11 s of quiet took 330–440 ms with the default against 56–156 ms with connections kept, and
    // the same for every first request after a pause. The pool holds at most its 10.
    idleTimeoutMillis: 0,
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
 * Database trouble a caller should retry, as the typed errors the API and forms answer with:
 * - no pooled connection in time (a wave beyond the pool), PostgreSQL's connection limit reached,
 *   an intake statement over its time, or a deadlock or serialization failure (PostgreSQL rolled
 *   the statement back) → `busy`, 503, Retry-After 2 s. Only those of P2028's
 *   cases: an expired or already closed transaction is a bug and stays an unexpected, logged 500;
 * - PostgreSQL unreachable, shutting down, restarting or starting up → `database_unavailable`,
 *   503, Retry-After 5 s. Usually nothing was written; a connection lost just after a commit is
 *   answered the same way, which is why intake's retries carry their idempotency key.
 * Only errors raised by pg, its pool or Prisma are considered: a socket error of another client
 * (UploadThing, a webhook) is not the database's.
 */
export function asRetryableDbError(error: unknown): unknown {
  const busy =
    (error instanceof Prisma.PrismaClientKnownRequestError &&
      error.code === "P2028" &&
      error.message.includes("Unable to start a transaction in the given time")) ||
    (error instanceof Error && /^(timeout exceeded when trying to connect|Query read timeout)$/.test(error.message)) ||
    // Too many connections; a deadlock or serialization failure (rolled back: the retry is safe).
    databaseErrorCodes(error).some((code) => ["53300", "TooManyConnections", "40P01", "40001"].includes(code));
  if (busy) {
    warnAtMostEvery10s("busy", "[db] no connection or statement in time: answered 503 busy");
    return new AppError("busy", { retryAfterSeconds: 2 });
  }
  if (isDatabaseUnreachable(error)) {
    warnAtMostEvery10s(
      "unreachable",
      `[db] database unreachable: answered 503 (${(error as Error).message.split("\n").at(-1)})`,
    );
    return new AppError("database_unavailable", { retryAfterSeconds: 5 });
  }
  return error;
}

// An outage answers every request with a 503: one log line per 10 s says so, with the count.
const warned = new Map<string, { at: number; since: number }>();
function warnAtMostEvery10s(kind: string, message: string) {
  const now = Date.now();
  const last = warned.get(kind);
  if (last && now - last.at < 10_000) {
    last.since += 1;
    return;
  }
  console.warn(last?.since ? `${message} (and ${last.since} more since the last line)` : message);
  warned.set(kind, { at: now, since: 0 });
}

// Connection-level SQLSTATEs (class 08), shutdown and start-up (57P01–57P03), and the socket
// errors pg reports; Prisma's own codes for an unreachable or closed server; the adapter's kinds.
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1017",
]);
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);

/**
 * The codes and kinds a database error carries: pg's own errors (SQLSTATE, or the socket's code on
 * a connection pg was opening), Prisma's code, and the driver adapter's error in Prisma's meta.
 */
function databaseErrorCodes(error: unknown): string[] {
  if (typeof error !== "object" || error === null) return [];
  const codes: unknown[] = [];
  if (error instanceof pg.DatabaseError) codes.push(error.code);
  if (
    error instanceof Prisma.PrismaClientKnownRequestError ||
    error instanceof Prisma.PrismaClientInitializationError ||
    error instanceof Prisma.PrismaClientUnknownRequestError
  ) {
    const known = error as { code?: unknown; errorCode?: unknown; meta?: { driverAdapterError?: unknown } };
    codes.push(known.code, known.errorCode);
    const cause = (
      known.meta?.driverAdapterError as { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } }
    )?.cause;
    codes.push(cause?.kind, cause?.code, cause?.originalCode);
  }
  // The adapter's own error, thrown outside a Prisma call (a transaction's BEGIN).
  if ((error as { name?: unknown }).name === "DriverAdapterError") {
    const cause = (error as { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } }).cause;
    codes.push(cause?.kind, cause?.code, cause?.originalCode);
  }
  // A socket error pg passes on as it is (connecting, or reading from a connection that was reset).
  // Other clients' socket errors never arrive bare: fetch wraps them ("fetch failed"), and so does
  // lib/outbound (networkFailure).
  if (error instanceof Error && "code" in error && typeof (error as { syscall?: unknown }).syscall === "string")
    codes.push(error.code);
  return codes.filter((code): code is string => typeof code === "string");
}

function isDatabaseUnreachable(error: unknown): boolean {
  if (databaseErrorCodes(error).some((code) => UNREACHABLE_CODES.has(code) || UNREACHABLE_KINDS.has(code))) return true;
  // pg's messages for a connection that ended under a query or a pool client.
  return (
    error instanceof Error &&
    /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable)$/.test(
      error.message,
    )
  );
}
