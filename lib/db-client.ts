import { PrismaPg } from "@prisma/adapter-pg";
import { AppError } from "./errors";
import { Prisma, PrismaClient } from "./generated/prisma/client";

/**
 * A transaction waits up to 10 s for a pooled connection (Prisma's default is 2 s): in a wave of
 * submissions the pool's connections are all in transactions for a moment, and a short queue is
 * better than a failed complaint. Beyond that the caller is told to retry (`asBusyError`).
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

export function createPrismaClient(connectionString: string) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }), transactionOptions: TRANSACTION_OPTIONS });
}

/**
 * A transaction that could not get a connection in time becomes `busy` (503, Retry-After), not a
 * 500. Only that one: P2028's other cases (an expired or already closed transaction…) are bugs and
 * stay unexpected, logged errors.
 */
export function asBusyError(error: unknown): unknown {
  const noConnectionInTime =
    error instanceof Prisma.PrismaClientKnownRequestError &&
    error.code === "P2028" &&
    error.message.includes("Unable to start a transaction in the given time");
  if (!noConnectionInTime) return error;
  console.warn("[db] no pooled connection within the transaction wait: answered 503 busy");
  return new AppError("busy", { retryAfterSeconds: 2 });
}

export type Db = ReturnType<typeof createPrismaClient>;
