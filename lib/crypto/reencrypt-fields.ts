import type { Db } from "../db/create-client";
import { Prisma } from "../generated/prisma/client";
import { decimalToFen } from "../money";
import { decryptField, encryptField, type Keyring } from "./field-encryption";

/** Every encrypted column. A new one must be listed here, or rotation would strand its values. */
export const ENCRYPTED_COLUMNS = [
  { table: "customers", column: "contact_enc" },
  { table: "complaints", column: "contact_enc" },
  { table: "orders", column: "amount_enc" },
  { table: "order_items", column: "unit_price_enc" },
  { table: "notification_channels", column: "config_enc" },
  { table: "notification_deliveries", column: "recipient_enc" },
] as const;

/**
 * Moves every encrypted value onto the current key, in small batches, while the application
 * keeps running: readers hold the whole keyring, so a value decrypts before and after its batch.
 * Each row is updated only if it still holds the value read (a concurrent write wins and is
 * already under the current key). Also encrypts order amounts left in clear by the migration
 * that introduced their encryption. Safe to run again: finished rows are skipped.
 */
export async function reencryptFields({ db, keyring, batchSize = 200 }: { db: Db; keyring: Keyring; batchSize?: number }) {
  const current = `v2.${keyring.currentId}.%`;
  const rotated: Record<string, number> = {};
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    const name = `${table}.${column}`;
    rotated[name] = 0;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await db.$queryRaw<{ id: string; value: string }[]>`
        SELECT id::text, ${Prisma.raw(`"${column}"`)} AS value FROM ${Prisma.raw(`"${table}"`)}
        WHERE ${Prisma.raw(`"${column}"`)} IS NOT NULL AND ${Prisma.raw(`"${column}"`)} NOT LIKE ${current} AND id > ${after}::uuid
        ORDER BY id LIMIT ${batchSize}`;
      if (rows.length === 0) break;
      await db.$transaction(async (tx) => {
        for (const row of rows) {
          const sealed = encryptField(decryptField(row.value, keyring), keyring);
          rotated[name]! += await tx.$executeRaw`
            UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.raw(`"${column}"`)} = ${sealed}
            WHERE id = ${row.id}::uuid AND ${Prisma.raw(`"${column}"`)} = ${row.value}`;
        }
      });
      after = rows[rows.length - 1]!.id;
    }
  }
  const legacyAmounts = await encryptLegacyOrderAmounts({ db, keyring, batchSize });
  return { rotated, legacyAmounts };
}

/** Order amounts and unit prices still in clear (written before they were encrypted) → their _enc columns. */
export async function encryptLegacyOrderAmounts({ db, keyring, batchSize = 200 }: { db: Db; keyring: Keyring; batchSize?: number }): Promise<number> {
  let moved = 0;
  for (;;) {
    const items = await db.orderItem.findMany({ where: { legacyUnitPrice: { not: null } }, select: { id: true, legacyUnitPrice: true }, orderBy: { id: "asc" }, take: batchSize });
    if (items.length === 0) break;
    await db.$transaction(async (tx) => {
      for (const item of items) {
        const { count } = await tx.orderItem.updateMany({
          where: { id: item.id, legacyUnitPrice: { not: null } },
          data: { unitPriceEnc: encryptField(String(decimalToFen(item.legacyUnitPrice!)), keyring), legacyUnitPrice: null },
        });
        moved += count;
      }
    });
  }
  for (;;) {
    const rows = await db.order.findMany({ where: { legacyAmount: { not: null } }, select: { id: true, legacyAmount: true }, orderBy: { id: "asc" }, take: batchSize });
    if (rows.length === 0) return moved;
    await db.$transaction(async (tx) => {
      for (const row of rows) {
        const { count } = await tx.order.updateMany({
          where: { id: row.id, legacyAmount: { not: null } },
          data: { amountEnc: encryptField(String(decimalToFen(row.legacyAmount!)), keyring), legacyAmount: null },
        });
        moved += count;
      }
    });
  }
}
