import type { Db } from "../../lib/db-client";
import { Prisma } from "../../lib/generated/prisma/client";
import { decimalToFen } from "../../lib/money";
import { ENCRYPTED_COLUMNS, type EncryptedColumn, type FieldContext } from "../../lib/crypto/encrypted-columns";
import {
  currentPrefix,
  encryptField,
  FieldIntegrityError,
  resealField,
  type Keyring,
} from "../../lib/crypto/field-encryption";

type UnreadableValue = { column: EncryptedColumn; id: string };

/**
 * Moves every encrypted value onto the current key and format (v3, bound to its row), in small
 * batches, while the application keeps running: readers hold the whole keyring and read every
 * format, so a value opens before and after its batch. Each row is updated only if it still holds
 * the value read (a concurrent write wins and is already current). A value that fails its
 * integrity check (tampered, or copied in from another row) is left as it is and reported: one
 * bad row must not stop the rotation of all the others, and rewriting it would launder it. Also
 * encrypts order amounts left in clear by the migration that introduced their encryption. Safe
 * to run again: finished rows are skipped.
 */
export async function reencryptFields({
  db,
  keyring,
  batchSize = 200,
}: {
  db: Db;
  keyring: Keyring;
  batchSize?: number;
}) {
  const current = `${currentPrefix(keyring)}%`;
  const rotated: Record<string, number> = {};
  const unreadable: UnreadableValue[] = [];
  for (const { table, column, rowKey } of ENCRYPTED_COLUMNS) {
    const name = `${table}.${column}` as EncryptedColumn;
    rotated[name] = 0;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await db.$queryRaw<{ id: string; row: string; value: string }[]>`
        SELECT id::text, ${Prisma.raw(`"${rowKey}"`)}::text AS row, ${Prisma.raw(`"${column}"`)} AS value FROM ${Prisma.raw(`"${table}"`)}
        WHERE ${Prisma.raw(`"${column}"`)} IS NOT NULL AND ${Prisma.raw(`"${column}"`)} NOT LIKE ${current} AND id > ${after}::uuid
        ORDER BY id LIMIT ${batchSize}`;
      if (rows.length === 0) break;
      await db.$transaction(async (tx) => {
        for (const row of rows) {
          const context: FieldContext = { column: name, row: row.row };
          let sealed: string;
          try {
            sealed = resealField({ sealed: row.value, context, keyring });
          } catch (error) {
            if (!(error instanceof FieldIntegrityError)) throw error;
            unreadable.push({ column: name, id: row.id });
            continue;
          }
          rotated[name]! += await tx.$executeRaw`
            UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.raw(`"${column}"`)} = ${sealed}
            WHERE id = ${row.id}::uuid AND ${Prisma.raw(`"${column}"`)} = ${row.value}`;
        }
      });
      after = rows[rows.length - 1]!.id;
    }
  }
  const legacyAmounts = await encryptLegacyOrderAmounts({ db, keyring, batchSize });
  return { rotated, unreadable, legacyAmounts };
}

/** Order amounts and unit prices still in clear (written before they were encrypted) → their _enc columns. */
export async function encryptLegacyOrderAmounts({
  db,
  keyring,
  batchSize = 200,
}: {
  db: Db;
  keyring: Keyring;
  batchSize?: number;
}): Promise<number> {
  let moved = 0;
  for (;;) {
    const items = await db.orderItem.findMany({
      where: { legacyUnitPrice: { not: null } },
      select: { id: true, legacyUnitPrice: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (items.length === 0) break;
    await db.$transaction(async (tx) => {
      for (const item of items) {
        const unitPriceEnc = encryptField({
          plaintext: String(decimalToFen(item.legacyUnitPrice!)),
          context: { column: "order_items.unit_price_enc", row: item.id },
          keyring,
        });
        const { count } = await tx.orderItem.updateMany({
          where: { id: item.id, legacyUnitPrice: { not: null } },
          data: { unitPriceEnc, legacyUnitPrice: null },
        });
        moved += count;
      }
    });
  }
  for (;;) {
    const rows = await db.order.findMany({
      where: { legacyAmount: { not: null } },
      select: { id: true, orderNo: true, legacyAmount: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) return moved;
    await db.$transaction(async (tx) => {
      for (const row of rows) {
        const amountEnc = encryptField({
          plaintext: String(decimalToFen(row.legacyAmount!)),
          context: { column: "orders.amount_enc", row: row.orderNo },
          keyring,
        });
        const { count } = await tx.order.updateMany({
          where: { id: row.id, legacyAmount: { not: null } },
          data: { amountEnc, legacyAmount: null },
        });
        moved += count;
      }
    });
  }
}
