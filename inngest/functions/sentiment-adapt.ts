import { db } from "@/lib/db";
import { adaptSentimentToShopTexts } from "@/lib/nlp/sentiment-adaptation";
import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Every Monday 04:30 Asia/Shanghai (after the risk model's retraining): the sentiment model is
 * adapted to the shop's newest texts (complaints, rating and survey comments) and the weights stored; every app process applies
 * them within a minute (lib/nlp/sentiment-adaptation.ts). The moment is fixed in a step of its
 * own, so a retried step finds the row it stored.
 */
export const sentimentAdapt = inngest.createFunction(
  { id: "sentiment-adapt", triggers: [cron("TZ=Asia/Shanghai 30 4 * * 1")] },
  async ({ step }) => {
    const at = await step.run("moment", () => new Date().toISOString());
    return step.run("adapt", () => adaptSentimentToShopTexts({ db, trigger: "schedule", now: new Date(at) }));
  },
);
