import type { z } from "zod";
import { recordAudit } from "./audit/record-audit";
import type { StaffActor } from "./auth/staff-actor";
import type { Db } from "./db-client";
import { AppError } from "./errors";
import type { Prisma } from "./generated/prisma/client";

/** A settings document: its key in `app_settings`, its schema, and the values before anyone edits it. */
export type SettingDefinition<T extends Record<string, unknown>> = {
  key: string;
  schema: z.ZodType<T, unknown>;
  defaults: T;
};

type Reader = Pick<Prisma.TransactionClient, "appSetting">;

/**
 * The setting as stored, or its defaults when nobody saved it yet. A stored document that no
 * longer fits the schema (a field added in a release) is read over the defaults, field by field.
 */
export async function readSetting<T extends Record<string, unknown>>({
  db,
  setting,
}: {
  db: Reader;
  setting: SettingDefinition<T>;
}): Promise<{ value: T; version: number }> {
  const row = await db.appSetting.findUnique({ where: { key: setting.key }, select: { value: true, version: true } });
  if (!row) return { value: setting.defaults, version: 0 };
  return { value: settingValue({ setting, stored: row.value }), version: row.version };
}

/** A stored document (or null: never saved) read over the defaults, as readSetting does: for queries that fetch it themselves. */
export function settingValue<T extends Record<string, unknown>>({
  setting,
  stored,
}: {
  setting: SettingDefinition<T>;
  stored: unknown;
}): T {
  if (stored === null || typeof stored !== "object") return setting.defaults;
  const parsed = setting.schema.safeParse({ ...setting.defaults, ...stored });
  return parsed.success ? parsed.data : setting.defaults;
}

/**
 * Saves a settings document, audited with before and after in the same transaction. The form
 * sends the version it showed: an older one is refused (two admins editing at once).
 * The caller has checked the permission (first line of its own function).
 */
export async function writeSetting<T extends Record<string, unknown>>({
  db,
  actor,
  setting,
  value,
  expectedVersion,
}: {
  db: Db;
  actor: StaffActor;
  setting: SettingDefinition<T>;
  value: T;
  expectedVersion: number;
}) {
  return db.$transaction(async (tx) => {
    // Creates the row on first save so the lock below always has something to hold.
    await tx.appSetting.upsert({
      where: { key: setting.key },
      create: { key: setting.key, value: setting.defaults as Prisma.InputJsonValue },
      update: {},
    });
    await tx.$queryRaw`SELECT key FROM app_settings WHERE key = ${setting.key} FOR UPDATE`;
    const before = await readSetting({ db: tx, setting });
    if (before.version !== expectedVersion) throw new AppError("stale_settings");
    const saved = await tx.appSetting.update({
      where: { key: setting.key },
      data: {
        value: value as Prisma.InputJsonValue,
        version: { increment: 1 },
        updatedById: actor.id,
        updatedAt: new Date(),
      },
      select: { version: true },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: `settings.${setting.key}`,
        target: { type: "settings", id: setting.key },
        before: before.value as Prisma.InputJsonValue,
        after: value as Prisma.InputJsonValue,
      },
    });
    return { value, version: saved.version };
  });
}
