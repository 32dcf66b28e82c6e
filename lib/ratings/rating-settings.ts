import { z } from "zod";
import { readSetting, writeSetting, type SettingDefinition } from "../app-settings";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";

/** Ratings at or below this many stars become complaints (seed 001: ≤ 3 stars); the others are counted. */
export const ratingSettingsSchema = z.object({
  complaintAtOrBelowStars: z.coerce.number().int("invalid").min(0).max(5),
});
export type RatingSettings = z.output<typeof ratingSettingsSchema>;

export const RATING_SETTINGS: SettingDefinition<RatingSettings> = {
  key: "ratings",
  schema: ratingSettingsSchema,
  // 0 turns the automatic complaint off; 5 makes every rating one.
  defaults: { complaintAtOrBelowStars: 3 },
};

export async function getRatingSettings({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.settings");
  return readSetting({ db, setting: RATING_SETTINGS });
}

export async function updateRatingSettings({
  db,
  actor,
  input,
  expectedVersion,
}: {
  db: Db;
  actor: StaffActor;
  input: RatingSettings;
  expectedVersion: number;
}) {
  assertCan(actor, "settings.limits");
  return writeSetting({
    db,
    actor,
    setting: RATING_SETTINGS,
    value: ratingSettingsSchema.parse(input),
    expectedVersion,
  });
}
