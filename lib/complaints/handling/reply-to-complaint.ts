import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { recordTemplateExposure } from "../../experiments/template-variants";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/**
 * A reply the customer sees on their timeline; the first one stops the first-response clock. A
 * reply from a template a running experiment varies records the complaint's exposure to its arm.
 */
export async function replyToComplaint({
  db,
  actor,
  complaintId,
  version,
  text,
  templateCode,
  now,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  version: number;
  text: string;
  templateCode?: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "reply",
    permission: "complaint.reply",
    now,
    change: async ({ tx, now: at }) => {
      // An A/B experiment on this template: the exposure commits with the reply it rode on.
      const exposure = templateCode ? await recordTemplateExposure({ tx, complaintId, templateCode, now: at }) : null;
      return {
        events: [timelineEvent("reply", { text, ...(templateCode ? { templateCode } : {}) })],
        audit: {
          templateCode: templateCode ?? null,
          length: text.length,
          ...(exposure ? { experiment: exposure } : {}),
        },
      };
    },
  });
}
