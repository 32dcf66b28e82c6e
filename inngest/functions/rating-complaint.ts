import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { fileRatingComplaint } from "@/lib/ratings/submit-rating";
import { inngest } from "../client";
import { ratingNeedsComplaint } from "../events";

/**
 * A low rating was written (its event in the same transaction): make sure its complaint is filed.
 * Usually the request that wrote it did so already and this finds the link; after a crash between
 * the two, this files it — under the rating's key, so never twice.
 */
export const ratingComplaint = inngest.createFunction(
  { id: "rating-complaint", triggers: [ratingNeedsComplaint], retries: 5 },
  async ({ event, step }) =>
    step.run("file", async () => ({
      complaintId: await fileRatingComplaint({
        db,
        ratingId: event.data.ratingId,
        keyring: appKeyring(),
        shopRefunds: Boolean(getEnv().SHOP_REFUND_URL),
      }),
    })),
);
