import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";

/** Issue 17, point 3: repeat contact is the customer's history, not a word in the text. */
afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const reasonsOf = async (id: string) =>
  (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { urgencyReasons: true } })).urgencyReasons;

describe("repeat contact", () => {
  it("is an earlier complaint on the same order or by the customer within 7 days — whatever the words", async () => {
    const now = Date.now();
    // "又是…第二次" with no history: not a repeat.
    const first = await fileTestComplaint({ customerExternalId: "CU-REPEAT", description: "又是烂的，第二次了" });
    expect(await reasonsOf(first.id)).not.toContain("repeat_contact");
    // The same order again, said plainly: a repeat.
    const again = await createComplaint({
      db: testDb,
      actor: { type: "shop" },
      input: { orderNo: first.orderNo, category: "delivery.late", description: "送晚了", imageIds: [] },
      source: "api",
      keyring: testKeyring(),
      shopRefunds: false,
    });
    expect(await reasonsOf(again.complaint.id)).toContain("repeat_contact");
    // Another order of the same customer within the week: a repeat; another customer's: not.
    const sameWeek = await fileTestComplaint({ customerExternalId: "CU-REPEAT", description: "苹果不甜" });
    expect(await reasonsOf(sameWeek.id)).toContain("repeat_contact");
    const stranger = await fileTestComplaint({ description: "苹果不甜" });
    expect(await reasonsOf(stranger.id)).not.toContain("repeat_contact");
    // A customer whose only earlier complaint is 8 days old: not a repeat.
    const old = await fileTestComplaint({ customerExternalId: "CU-OLD", now: new Date(now - 8 * 86_400_000) });
    const later = await fileTestComplaint({ customerExternalId: "CU-OLD" });
    expect(old.id).not.toBe(later.id);
    expect(await reasonsOf(later.id)).not.toContain("repeat_contact");
  });
});
