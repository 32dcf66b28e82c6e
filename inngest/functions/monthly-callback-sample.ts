import { db } from "@/lib/db";
import { createMonthlyCallbackSample } from "@/lib/reports/monthly-callback-sample";
import { lastFullMonth } from "@/lib/reports/report-periods";
import { cron } from "inngest";
import { inngest } from "../client";

/** The 1st of each month, 09:00 Asia/Shanghai: 10 % of last month's resolved complaints, by subtype, become callback tasks. */
export const monthlyCallbackSample = inngest.createFunction(
  { id: "monthly-callback-sample", triggers: [cron("TZ=Asia/Shanghai 0 9 1 * *")] },
  async ({ step }) => step.run("sample", () => createMonthlyCallbackSample({ db, ...lastFullMonth(new Date()) })),
);
