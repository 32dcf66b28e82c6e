-- Staff workspace: staff in several handling groups, sign-in lockout, queue columns (SLA state,
-- escalation level, optimistic version, segmented search terms), reply templates, QA reviews and
-- the append-only audit log.

-- Staff ↔ groups becomes many-to-many (a small team covers several groups).
ALTER TABLE "staff_users" DROP COLUMN "group_id";
ALTER TABLE "staff_users"
  ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "failed_login_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "failed_login_window_start" TIMESTAMPTZ(3),
  ADD COLUMN "locked_until" TIMESTAMPTZ(3),
  ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE TABLE "staff_group_members" (
    "staff_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    CONSTRAINT "staff_group_members_pkey" PRIMARY KEY ("staff_id", "group_id")
);
CREATE INDEX "staff_group_members_group_id_idx" ON "staff_group_members"("group_id");
ALTER TABLE "staff_group_members" ADD CONSTRAINT "staff_group_members_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "staff_group_members" ADD CONSTRAINT "staff_group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "handling_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "complaints"
  ADD COLUMN "sla_due_at" TIMESTAMPTZ(3),
  ADD COLUMN "sla_paused_at" TIMESTAMPTZ(3),
  ADD COLUMN "escalation_level" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "search_terms" TEXT NOT NULL DEFAULT '';
-- Complaints filed before this migration: the running deadline is whichever one is still open.
UPDATE "complaints" SET "sla_due_at" = CASE
  WHEN "status" IN ('resolved', 'closed') THEN NULL
  WHEN "first_responded_at" IS NULL THEN "first_response_due_at"
  ELSE "resolution_due_at" END;
CREATE INDEX "complaints_sla_due_at_idx" ON "complaints"("sla_due_at");
CREATE INDEX "complaints_group_id_status_idx" ON "complaints"("group_id", "status");
CREATE INDEX "complaints_assignee_id_status_idx" ON "complaints"("assignee_id", "status");
-- Chinese search: jieba cuts the description into words at write time; 'simple' keeps them as is.
CREATE INDEX "complaints_search_terms_idx" ON "complaints" USING GIN (to_tsvector('simple', "search_terms"));

CREATE TABLE "reply_templates" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "category" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reply_templates_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "reply_templates_code_key" ON "reply_templates"("code");

CREATE TABLE "qa_reviews" (
    "id" UUID NOT NULL,
    "complaint_id" UUID NOT NULL,
    "reviewer_id" UUID NOT NULL,
    "checks" JSONB NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "qa_reviews_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "qa_reviews_complaint_id_reviewer_id_key" ON "qa_reviews"("complaint_id", "reviewer_id");
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");
CREATE INDEX "audit_log_action_at_idx" ON "audit_log"("action", "at");
CREATE INDEX "audit_log_target_type_target_id_idx" ON "audit_log"("target_type", "target_id");
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at");

-- The database itself keeps the audit log append-only, whatever the application does: rows can be
-- inserted and read, never changed or removed (a superuser must disable the trigger on purpose).
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
