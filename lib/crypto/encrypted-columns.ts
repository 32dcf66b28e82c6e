/**
 * Every encrypted column and the row key its values are bound to (AES-GCM additional data
 * `<table>.<column>:<row key>`). A new column must be listed here, or rotation would strand its
 * values. The row key is the primary key where the code chooses it before the insert
 * (`randomUUID()`), and the row's unique, never-rewritten natural key where the row is upserted
 * by that key: the value is sealed before anyone knows whether the row exists, and every reader
 * of it already selects that key (customers by the shop's customer id, orders by order number).
 */
export const ENCRYPTED_COLUMNS = [
  { table: "customers", column: "contact_enc", rowKey: "external_id" },
  { table: "complaints", column: "contact_enc", rowKey: "id" },
  { table: "orders", column: "amount_enc", rowKey: "order_no" },
  { table: "order_items", column: "unit_price_enc", rowKey: "id" },
  { table: "notification_channels", column: "config_enc", rowKey: "id" },
  { table: "notification_deliveries", column: "recipient_enc", rowKey: "id" },
] as const;

type ColumnName<C> = C extends { table: infer T extends string; column: infer K extends string } ? `${T}.${K}` : never;

/** `customers.contact_enc`, `orders.amount_enc`, …: only the listed columns type-check. */
export type EncryptedColumn = ColumnName<(typeof ENCRYPTED_COLUMNS)[number]>;

/** Where a value lives: its column and the value of that column's row key. */
export type FieldContext = { column: EncryptedColumn; row: string };

/** The additional data a value is sealed with. */
export function contextString({ column, row }: FieldContext): string {
  return `${column}:${row}`;
}
