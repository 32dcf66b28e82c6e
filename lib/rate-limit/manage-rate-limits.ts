import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { readSetting, writeSetting } from "../app-settings";
import { forgetCachedRateLimits } from "./consume-rate-limit";
import { RATE_LIMITS, rateLimitsSchema, type RateLimits } from "./rate-limit-rules";

export async function getRateLimits({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.settings");
  return readSetting({ db, setting: RATE_LIMITS });
}

export async function updateRateLimits({
  db,
  actor,
  input,
  expectedVersion,
}: {
  db: Db;
  actor: StaffActor;
  input: RateLimits;
  expectedVersion: number;
}) {
  assertCan(actor, "settings.limits");
  const saved = await writeSetting({
    db,
    actor,
    setting: RATE_LIMITS,
    value: rateLimitsSchema.parse(input),
    expectedVersion,
  });
  forgetCachedRateLimits();
  return saved;
}
