import pg from "pg";
import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { problemResponse } from "./problem";

describe("problemResponse", () => {
  it("answers a transaction that found no free connection in time with 503 busy and Retry-After, not a 500", async () => {
    const error = new Prisma.PrismaClientKnownRequestError(
      "Transaction API error: Unable to start a transaction in the given time.",
      {
        code: "P2028",
        clientVersion: "test",
      },
    );
    const response = problemResponse(error, "zh-CN");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toMatchObject({ code: "busy", title: "系统繁忙，请稍后再试。" });
  });

  it("answers a deadlock or serialization failure (rolled back, safe to retry) with 503 busy, not a 500", async () => {
    for (const code of ["40P01", "40001"]) {
      const error = Object.assign(new pg.DatabaseError("deadlock detected", 0, "error"), { code });
      const response = problemResponse(error, "en");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("2");
      expect((await response.json()).code).toBe("busy");
    }
  });

  it("answers an unreachable or restarting database with 503 database_unavailable and Retry-After", async () => {
    // As pg's pool passes on the socket's error while connecting.
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433"), {
      code: "ECONNREFUSED",
      syscall: "connect",
      address: "127.0.0.1",
      port: 5433,
    });
    const startingUp = new Prisma.PrismaClientKnownRequestError("Database error. Code: `57P03`.", {
      code: "P2039",
      clientVersion: "test",
      meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P03" } } },
    });
    const terminated = new Error("Connection terminated unexpectedly");
    // A pooled connection the server reset under a query.
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read", errno: -104 });
    for (const error of [refused, startingUp, terminated, reset]) {
      const response = problemResponse(error, "en");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect((await response.json()).code).toBe("database_unavailable");
    }
    // A constraint violation is not an outage, nor is another client's socket error (a webhook, UploadThing).
    expect(problemResponse(Object.assign(new Error("duplicate key"), { code: "23505" }), "en").status).toBe(500);
    const fetchFailed = new TypeError("fetch failed", {
      cause: Object.assign(new Error("socket"), { code: "ECONNRESET" }),
    });
    expect(problemResponse(fetchFailed, "en").status).toBe(500);
  });

  it("still hides anything unexpected behind an id (500)", async () => {
    const response = problemResponse(new Error("boom"), "en");
    expect(response.status).toBe(500);
    // A P2028 that is not the connection wait (an expired transaction) is a bug, not "busy".
    const expired = new Prisma.PrismaClientKnownRequestError(
      "Transaction already closed: the timeout for this transaction was 15000 ms",
      {
        code: "P2028",
        clientVersion: "test",
      },
    );
    expect(problemResponse(expired, "en").status).toBe(500);
    expect(response.status).toBe(500);
    expect((await response.json()).code).toBe("internal");
  });
});
