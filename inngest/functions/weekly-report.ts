import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { planDeliveries } from "@/lib/notify/plan-deliveries";
import { workspaceLink } from "@/lib/notify/workspace-link";
import { lastFullWeek } from "@/lib/reports/report-periods";
import { storeWeeklyReport, weeklyReportMarkdown } from "@/lib/reports/weekly-report";
import { cron } from "inngest";
import { inngest } from "../client";
import { deliveryEvents } from "../deliveries";

/** Mondays 09:00 Asia/Shanghai: last week's report, stored and pushed to the `weekly_report` robots. */
export const weeklyReport = inngest.createFunction(
  { id: "weekly-report", triggers: [cron("TZ=Asia/Shanghai 0 9 * * 1")] },
  async ({ step }) => {
    const { reportId, deliveries } = await step.run("build-and-plan", async () => {
      const { start, end } = lastFullWeek(new Date());
      const { id, data } = await storeWeeklyReport({ db, start, end });
      const env = getEnv();
      const link = workspaceLink({ appUrl: env.APP_URL, path: "/admin/reports", secret: env.H5_LINK_SECRET });
      const planned = await planDeliveries({
        db,
        topic: "weekly_report",
        kinds: ["wecom_robot", "dingtalk_robot"],
        sourceEventId: `weekly:${start.toISOString()}`,
        complaintId: null,
        message: (locale) => {
          const { title, markdown } = weeklyReportMarkdown({ data, start, end, link, locale });
          return { title, markdown, text: markdown };
        },
      });
      return { reportId: id, deliveries: planned };
    });
    if (deliveries.length) {
      await step.sendEvent("deliver", deliveryEvents(deliveries));
    }
    return { reportId, pushed: deliveries.length };
  },
);
