-- Issue 14, point 1: a complaint a rule refunds at once is filed in one statement
-- (lib/complaints/intake-refund.ts), so its ledger must be locked and read inside that statement.
-- One statement has one snapshot: a refund committed while it waited for the lock would be
-- invisible to it. A VOLATILE function takes a fresh snapshot for each query it runs (READ
-- COMMITTED), so the read below sees everything committed before the lock was granted — what
-- lockOrderLedger's two statements see (lib/compensation/order-ledger.ts, the same lock mode).
CREATE FUNCTION "kesu_lock_order_ledger"(order_id UUID)
RETURNS TABLE ("status" "OrderStatus", "amount_enc" TEXT, "legacy_amount" TEXT, "refunded" NUMERIC, "auto_refunded" BOOLEAN)
LANGUAGE plpgsql VOLATILE
-- The caller stops waiting after 15 s (QUERY_TIMEOUT_MS), but a statement the client gave up on
-- keeps running on the server and could still commit a complaint its caller was told failed. The
-- server gives up on the lock first, so the statement fails as a whole instead.
SET lock_timeout = '10s'
AS $$
BEGIN
  PERFORM 1 FROM "orders" o WHERE o."id" = order_id FOR NO KEY UPDATE;
  RETURN QUERY SELECT o."status", o."amount_enc", o."legacy_amount"::text,
    (SELECT coalesce(sum(m."amount"), 0) FROM "compensations" m
      WHERE m."order_id" = o."id" AND m."type" = 'refund' AND m."status" IN ('pending', 'succeeded')),
    EXISTS (SELECT 1 FROM "compensations" m WHERE m."idempotency_key" = 'auto-refund:order:' || o."id"::text)
  FROM "orders" o WHERE o."id" = order_id;
END $$;
