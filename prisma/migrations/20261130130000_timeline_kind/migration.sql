-- The timeline kind becomes a checked enum (issue 13): a kind outside the catalogue cannot be stored.
CREATE TYPE "TimelineKind" AS ENUM ('submitted', 'triaged', 'auto_reply', 'auto_refund', 'status_changed', 'assigned', 'note', 'reply', 'info_requested', 'escalated', 'escalated_notice', 'resolved', 'reopened', 'customer_answer', 'resolution_confirmed', 'resolution_rejected', 'compensation_claimed', 'refund_completed', 'auto_closed', 'survey_answered', 'churn_coupon', 'sla_warning', 'sla_breached');

ALTER TABLE "complaint_events" ALTER COLUMN "kind" TYPE "TimelineKind" USING "kind"::"TimelineKind";
