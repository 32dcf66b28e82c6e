-- Team administration (issue 15, point 6): staff accounts are invited and their passwords reset
-- through one-time links instead of seed data.
--
-- A link's token is stored only as its SHA-256 digest: the table never holds a usable link. A
-- token is used once (used_at) and expires (expires_at); an invited account has no usable
-- password until its link is used.
CREATE TYPE "StaffTokenPurpose" AS ENUM ('invite', 'password_reset');

CREATE TABLE "staff_tokens" (
    "id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    "purpose" "StaffTokenPurpose" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "staff_tokens_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "staff_tokens_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "staff_tokens_token_hash_key" ON "staff_tokens"("token_hash");
CREATE INDEX "staff_tokens_staff_id_idx" ON "staff_tokens"("staff_id");

-- Sessions signed in before this moment are over (a password reset or a deactivation ends them,
-- lib/auth/staff-actor.ts); null = every session of the account counts.
ALTER TABLE "staff_users" ADD COLUMN "sessions_valid_from" TIMESTAMPTZ(3);
