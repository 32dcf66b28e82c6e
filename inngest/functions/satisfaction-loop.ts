import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { planCustomerResult } from "@/lib/notify/plan-customer-result";
import { closeUnconfirmed } from "@/lib/surveys/close-unconfirmed";
import { inngest } from "../client";
import { complaintReopened, complaintResolved, resolutionConfirmed, resolutionRejected } from "../events";
import { deliveryEvents } from "../deliveries";

/**
 * On resolution: tell the customer (SMS / push, their language, a signed link to confirm and
 * rate), wait 72 h for their confirmation, and close the complaint as confirmed by timeout if it
 * does not come. Rejecting or reopening cancels the wait.
 */
export const satisfactionLoop = inngest.createFunction(
  {
    id: "satisfaction-loop",
    triggers: [complaintResolved],
    cancelOn: [
      { event: resolutionRejected, match: "data.complaintId" },
      { event: complaintReopened, match: "data.complaintId" },
    ],
  },
  async ({ event, step }) => {
    const { complaintId } = event.data;
    const deliveries = await step.run("notify-customer", () =>
      planCustomerResult({
        db,
        complaintId,
        sourceEventId: event.id ?? `resolved:${complaintId}:${event.data.version}`,
        keyring: appKeyring(),
      }),
    );
    if (deliveries.length) {
      await step.sendEvent("deliver", deliveryEvents(deliveries));
    }
    const confirmed = await step.waitForEvent("wait-for-confirmation", {
      event: resolutionConfirmed,
      match: "data.complaintId",
      timeout: `${getEnv().KESU_CONFIRMATION_WAIT_MINUTES}m`,
    });
    if (confirmed) return { outcome: "confirmed" };
    return step.run("close-unconfirmed", () => closeUnconfirmed({ db, complaintId }));
  },
);
