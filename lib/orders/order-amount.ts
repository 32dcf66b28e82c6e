import type { FieldContext } from "../crypto/encrypted-columns";
import { decryptField, encryptField, type Keyring } from "../crypto/field-encryption";
import type { AmountBand } from "../generated/prisma/enums";
import { decimalToFen } from "../money";

/** The rules' thresholds (auto-refund under ¥50, priority raise from ¥200), as queryable bands. */
export function amountBandFor(fen: number): AmountBand {
  return fen < 5_000 ? "under_50" : fen < 20_000 ? "under_200" : "at_least_200";
}

/**
 * What an order row stores for an amount: the encrypted fen and its band, never the amount in
 * clear. Bound to the order number: the shop's key, which upserts find the order by and never
 * rewrite, known before the row is created.
 */
export function sealOrderAmount({ fen, orderNo, keyring }: { fen: number; orderNo: string; keyring: Keyring }) {
  return {
    amountEnc: encryptField({
      plaintext: String(fen),
      context: { column: "orders.amount_enc", row: orderNo },
      keyring,
    }),
    amountBand: amountBandFor(fen),
    legacyAmount: null,
  };
}

/** An item's unit price as stored: encrypted fen, bound to the item's id (chosen in code, before the insert). */
export function sealUnitPrice({ fen, itemId, keyring }: { fen: number; itemId: string; keyring: Keyring }) {
  return {
    unitPriceEnc: encryptField({
      plaintext: String(fen),
      context: { column: "order_items.unit_price_enc", row: itemId },
      keyring,
    }),
    legacyUnitPrice: null,
  };
}

// What to select to read a stored price or amount: the value, the clear legacy column, and the
// row key the value is bound to (spread into a select that then must not name that key itself).
export const STORED_UNIT_PRICE = { id: true, unitPriceEnc: true, legacyUnitPrice: true } as const;

export const STORED_AMOUNT = { orderNo: true, amountEnc: true, legacyAmount: true } as const;

export type StoredAmount = { orderNo: string; amountEnc: string | null; legacyAmount: { toString(): string } | null };

function storedFen({
  sealed,
  legacy,
  context,
  keyring,
}: {
  sealed: string | null;
  legacy: { toString(): string } | null;
  context: FieldContext;
  keyring: Keyring;
}): number {
  if (sealed) return Number(decryptField({ sealed, context, keyring }));
  if (legacy !== null) return decimalToFen(legacy);
  throw new Error(`${context.column} of ${context.row} is missing`);
}

export function unitPriceFen(
  item: { id: string; unitPriceEnc: string | null; legacyUnitPrice: { toString(): string } | null },
  keyring: Keyring,
): number {
  return storedFen({
    sealed: item.unitPriceEnc,
    legacy: item.legacyUnitPrice,
    context: { column: "order_items.unit_price_enc", row: item.id },
    keyring,
  });
}

/** The order's amount in fen, decrypted (or from a row not yet moved to encryption). */
export function orderAmountFen(order: StoredAmount, keyring: Keyring): number {
  return storedFen({
    sealed: order.amountEnc,
    legacy: order.legacyAmount,
    context: { column: "orders.amount_enc", row: order.orderNo },
    keyring,
  });
}
