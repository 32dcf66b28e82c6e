-- SLA policy experiments (issue 16, point 2; seed 000's 响应时效标准 A/B): an arm may carry the
-- deadlines (first response, resolution plan) intake sets for the priority the experiment varies.
ALTER TABLE "experiment_arms" ADD COLUMN "sla" JSONB;
