-- An H5 session sees only what its links opened (lib/auth/h5-scope.ts): a suggestion about no
-- order is shown back only to the session that filed it, so a forwarded link does not read the
-- customer's other suggestions and the thanks to them.
ALTER TABLE "suggestions" ADD COLUMN "h5_session_id" UUID;
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_h5_session_id_fkey" FOREIGN KEY ("h5_session_id") REFERENCES "h5_sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "suggestions_h5_session_id_idx" ON "suggestions"("h5_session_id");
