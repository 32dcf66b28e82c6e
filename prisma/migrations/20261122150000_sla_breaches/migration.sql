-- SLA breaches (lib/sla): how many deadlines a complaint has missed and when it last did. The
-- escalation level now has a third step: 2 = with a supervisor after a second breach.
ALTER TABLE "complaints"
  ADD COLUMN "sla_breach_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "sla_breached_at" TIMESTAMPTZ(3);
