import { cron } from "inngest";
import { appKeyring } from "@/lib/crypto/app-key";
import { resettleSpendTiers } from "@/lib/customers/customer-tier";
import { db } from "@/lib/db";
import { inngest } from "../client";

/** Daily, 03:40 Shanghai time: VIPs by spend whose 12-month window no longer reaches the threshold lose the tier. */
export const vipTiers = inngest.createFunction(
  { id: "vip-tiers", triggers: [cron("TZ=Asia/Shanghai 40 3 * * *")] },
  async ({ step }) => step.run("resettle", () => resettleSpendTiers({ db, keyring: appKeyring() })),
);
