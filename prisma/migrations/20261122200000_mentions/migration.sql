-- SLA warnings reach the assignee personally: their WeCom/DingTalk user id is @-mentioned in the
-- group robot's message (lib/notify). Deliveries keep whom they mention.
ALTER TABLE "staff_users" ADD COLUMN "im_user_id" TEXT;
ALTER TABLE "notification_deliveries" ADD COLUMN "mentions" TEXT[] DEFAULT ARRAY[]::TEXT[];
