-- Issue 12, point 5: an H5 link is exchanged once for a server-side session (lib/auth/h5-session-store.ts).
-- The cookie carries a random secret; only its SHA-256 is stored. The link's jti is unique here,
-- so the same link cannot open a second session. Scope: the orders of the links that opened it.
CREATE TABLE "h5_sessions" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "link_jti" TEXT NOT NULL,
    "order_nos" TEXT[],
    "entry" TEXT NOT NULL,
    "complaint_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idle_timeout_seconds" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" UUID,
    "revoked_reason" TEXT,
    "user_agent" TEXT,
    "network" TEXT,
    CONSTRAINT "h5_sessions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "h5_sessions_token_hash_key" ON "h5_sessions"("token_hash");
CREATE UNIQUE INDEX "h5_sessions_link_jti_key" ON "h5_sessions"("link_jti");
CREATE INDEX "h5_sessions_customer_id_created_at_idx" ON "h5_sessions"("customer_id", "created_at");
CREATE INDEX "h5_sessions_created_at_idx" ON "h5_sessions"("created_at");

ALTER TABLE "h5_sessions" ADD CONSTRAINT "h5_sessions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "h5_sessions" ADD CONSTRAINT "h5_sessions_revoked_by_fkey" FOREIGN KEY ("revoked_by") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
