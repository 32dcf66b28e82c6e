import { db } from "@/lib/db";
import { trainRiskModel } from "@/lib/risk/train-risk-model";
import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Every Monday 04:00 Asia/Shanghai: the high-risk order model is trained again from the shop's own
 * history, evaluated on the last month, stored, and the last week's orders rescored (lib/risk).
 */
export const riskModelRetrain = inngest.createFunction(
  { id: "risk-model-retrain", triggers: [cron("TZ=Asia/Shanghai 0 4 * * 1")] },
  async ({ step }) => step.run("train", () => trainRiskModel({ db, trigger: "schedule" })),
);
