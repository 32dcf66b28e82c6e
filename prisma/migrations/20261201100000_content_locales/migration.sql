-- Content in the reader's language (issue 15, point 8).
--
-- A reply template's code names one template across languages: the same code in zh-CN, en and es
-- are translations of each other, and the reply box offers the one in the customer's language
-- (lib/complaints/reply-templates.ts). Existing templates were written in zh-CN.
ALTER TABLE "reply_templates" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'zh-CN';
DROP INDEX "reply_templates_code_key";
CREATE UNIQUE INDEX "reply_templates_code_locale_key" ON "reply_templates"("code", "locale");

-- The language an ops group's robot writes in (SLA notices, alerts, churn warnings, the weekly
-- report). Existing channels keep zh-CN, what they received until now.
ALTER TABLE "notification_channels" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'zh-CN';
