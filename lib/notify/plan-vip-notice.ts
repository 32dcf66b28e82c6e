import { maskName } from "../customers/mask-name";
import type { Db } from "../db-client";
import { categoryKey } from "../complaints/vocabulary/label-keys";
import { translatorFor } from "../i18n/translator";
import { planDeliveries } from "./plan-deliveries";
import { workspaceLink } from "./workspace-link";

/**
 * A VIP customer complained (seed 001: the account manager is told at once): the ops groups'
 * robots subscribed to `vip_complaint` post it, @-mentioning the customer's account manager when
 * there is one (their WeCom/DingTalk id, set on /admin/settings/team). Keyed by the complaint, so a
 * retried step plans nothing new.
 */
export async function planVipNotice({
  db,
  complaintId,
  appUrl,
  linkSecret,
}: {
  db: Db;
  complaintId: string;
  appUrl: string;
  linkSecret: string;
}) {
  const complaint = await db.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: {
      category: true,
      customer: { select: { name: true, accountManager: { select: { name: true, imUserId: true, active: true } } } },
    },
  });
  const manager = complaint.customer.accountManager?.active ? complaint.customer.accountManager : null;
  const link = workspaceLink({ appUrl, path: `/admin/complaints/${complaintId}`, secret: linkSecret });
  return planDeliveries({
    db,
    topic: "vip_complaint",
    kinds: ["wecom_robot", "dingtalk_robot"],
    sourceEventId: `vip:${complaintId}`,
    complaintId,
    message: (locale) => {
      const t = translatorFor(locale);
      const title = t("notify.vipTitle");
      const text = t("notify.vipText", {
        // Masked: a group chat is not the place for the customer's full name.
        name: maskName(complaint.customer.name),
        category: t(categoryKey(complaint.category)),
        manager: manager?.name ?? t("notify.vipNoManager"),
      });
      return {
        title,
        markdown: `### ${title}\n> ${text}\n[${t("notify.open")}](${link})`,
        text: `${title}${t("notify.separator")}${text} ${link}`,
        mentions: manager?.imUserId ? [manager.imUserId] : [],
      };
    },
  });
}
