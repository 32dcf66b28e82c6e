import type { Db } from "../db-client";
import { issueComplaintLink } from "../auth/issue-h5-link";
import { isAppError } from "../errors";

/**
 * Messages to customers carry this placeholder where their H5 link goes: the stored delivery
 * (notification_deliveries.body) never holds a working link. The link is signed when the message
 * is sent (`fillCustomerLink`), audited as issued, and exists only in the message itself.
 */
export const CUSTOMER_LINK_PLACEHOLDER = "{h5_link}";

/** How long the link in a result or survey message works (until opened: it is single-use). */
const RESULT_LINK_HOURS = 7 * 24;

/** The message with its link signed in, if it has a placeholder; null when the complaint is gone. */
export async function fillCustomerLink({
  db,
  body,
  complaintId,
  via,
  link,
  now,
}: {
  db: Db;
  body: string;
  complaintId: string | null;
  via: string;
  link: { appUrl: string; secret: string };
  now?: Date;
}): Promise<string | null> {
  if (!body.includes(CUSTOMER_LINK_PLACEHOLDER)) return body;
  if (!complaintId) return null;
  try {
    const { url } = await issueComplaintLink({
      db,
      complaintId,
      appUrl: link.appUrl,
      secret: link.secret,
      ttlHours: RESULT_LINK_HOURS,
      via,
      now,
    });
    return body.split(CUSTOMER_LINK_PLACEHOLDER).join(url);
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
}

/** For logs: a signed link's token replaced (`t=…` → `t=[redacted]`), the rest kept readable. */
export function redactLinkTokens(text: string): string {
  return text.replace(/([?&]t=)[^\s&#)\]"'<>]+/g, "$1[redacted]");
}
