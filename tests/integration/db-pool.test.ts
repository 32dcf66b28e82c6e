import { afterAll, expect, inject, it } from "vitest";
import { createPrismaClient, sqlPool } from "../../lib/db-client";

// A new connection is a new PostgreSQL backend to start, authenticate and warm up: the dashboard
// opened after 11 s of quiet took 330–440 ms while pg's pool closed idle connections after 10 s,
// 56–156 ms with them kept (README, "Against issue 14's goals").
const db = createPrismaClient(inject("appDatabaseUrl"));
afterAll(() => db.$disconnect());

const backendPid = async () =>
  (await sqlPool(db).query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;

it("keeps an idle connection open past pg's default idle timeout (10 s)", async () => {
  const before = await backendPid();
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  expect(sqlPool(db).totalCount).toBe(1);
  expect(await backendPid()).toBe(before);
}, 30_000);
