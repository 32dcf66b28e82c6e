import { decryptField, encryptField, type Keyring } from "../crypto/field-encryption";
import type { AmountBand } from "../generated/prisma/enums";
import { decimalToFen } from "../money";

/** The rules' thresholds (auto-refund under ¥50, priority raise from ¥200), as queryable bands. */
export function amountBandFor(fen: number): AmountBand {
  return fen < 5_000 ? "under_50" : fen < 20_000 ? "under_200" : "at_least_200";
}

/** What an order row stores for an amount: the encrypted fen and its band, never the amount in clear. */
export function sealOrderAmount(fen: number, keyring: Keyring) {
  return { amountEnc: encryptField(String(fen), keyring), amountBand: amountBandFor(fen), legacyAmount: null };
}

/** An item's unit price as stored: encrypted fen. */
export function sealUnitPrice(fen: number, keyring: Keyring) {
  return { unitPriceEnc: encryptField(String(fen), keyring), legacyUnitPrice: null };
}

export const STORED_UNIT_PRICE = { unitPriceEnc: true, legacyUnitPrice: true } as const;

export function unitPriceFen(item: { unitPriceEnc: string | null; legacyUnitPrice: { toString(): string } | null }, keyring: Keyring): number {
  return orderAmountFen({ amountEnc: item.unitPriceEnc, legacyAmount: item.legacyUnitPrice }, keyring);
}

export type StoredAmount = { amountEnc: string | null; legacyAmount: { toString(): string } | null };

export const STORED_AMOUNT = { amountEnc: true, legacyAmount: true } as const;

/** The order's amount in fen, decrypted (or from a row not yet moved to encryption). */
export function orderAmountFen(order: StoredAmount, keyring: Keyring): number {
  if (order.amountEnc) return Number(decryptField(order.amountEnc, keyring));
  if (order.legacyAmount !== null) return decimalToFen(order.legacyAmount);
  throw new Error("order has no amount");
}
