-- Handling rules beyond refunds (issue 16, point 1): what a rule did at intake is on the timeline —
-- `rule_applied` (staff: the rule, its version, the priority / group / offer / template it set) and
-- `rule_reply` (the customer: the reply template a rule sent).
ALTER TYPE "TimelineKind" ADD VALUE 'rule_applied';
ALTER TYPE "TimelineKind" ADD VALUE 'rule_reply';
