-- Optional business hours per SLA policy (lib/triage/business-hours.ts): minutes after midnight,
-- Asia/Shanghai, every day of the week. Both null = calendar time (the default).
ALTER TABLE "sla_policies"
  ADD COLUMN "business_start_minute" INTEGER,
  ADD COLUMN "business_end_minute" INTEGER,
  ADD CONSTRAINT "sla_policies_business_hours_check" CHECK (
    ("business_start_minute" IS NULL AND "business_end_minute" IS NULL)
    OR ("business_start_minute" >= 0 AND "business_end_minute" <= 1440 AND "business_start_minute" < "business_end_minute"));
