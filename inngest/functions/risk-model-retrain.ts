import { db } from "@/lib/db";
import { trainRiskModel } from "@/lib/risk/train-risk-model";
import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Every Monday 04:00 Asia/Shanghai: the high-risk order model is trained again from the shop's own
 * history, evaluated on the last month, stored, and the last week's orders rescored (lib/risk).
 * The moment is fixed in a step of its own, so a retried training finds the model it stored.
 */
export const riskModelRetrain = inngest.createFunction(
  { id: "risk-model-retrain", triggers: [cron("TZ=Asia/Shanghai 0 4 * * 1")] },
  async ({ step }) => {
    const at = await step.run("moment", () => new Date().toISOString());
    return step.run("train", () => trainRiskModel({ db, trigger: "schedule", now: new Date(at) }));
  },
);
