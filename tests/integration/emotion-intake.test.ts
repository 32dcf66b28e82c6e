import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetData, testDb } from "../support/db-helpers";
import { orderBody, shopApi } from "../support/shop-api";

/**
 * Issue 17, point 2: intake reads the customer's emotion and stores it with its intensity, through
 * the shop's API (the group-commit path) as through any other; urgency counts it.
 */
beforeAll(async () => {
  await resetData();
  expect((await shopApi.putOrder("SO-EMO", orderBody({ amount: 88 }))).status).toBe(201);
});
afterAll(() => testDb.$disconnect());

async function file(description: string, key: string) {
  const response = await shopApi.postComplaint(
    { orderNo: "SO-EMO", category: "delivery.late", description, images: [] },
    { idempotencyKey: key },
  );
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return testDb.complaint.findUniqueOrThrow({
    where: { id },
    select: { emotion: true, emotionIntensity: true, urgencyScore: true, urgencyReasons: true },
  });
}

describe("emotion at intake", () => {
  it("is stored with its intensity and raises urgency; blank-ish text is neutral", async () => {
    const angry = await file("又晚了三个小时！！你们简直是骗子，气死我了，什么破配送，必须给个说法！", "emo-1");
    const calm = await file("配送比预计晚了一点，下次请注意", "emo-2");
    const emoji = await file("😡😡😡", "emo-3");
    expect(angry).toMatchObject({ emotion: "anger" });
    expect(angry.emotionIntensity).toBeGreaterThanOrEqual(2);
    expect(angry.urgencyReasons).toContain("emotion_anger");
    expect(calm.emotion).not.toBe("anger");
    expect(angry.urgencyScore).toBeGreaterThan(calm.urgencyScore);
    expect(emoji).toMatchObject({ emotion: "neutral", emotionIntensity: 0 });
  });

  it("is refused by the database in any inconsistent form (neutral with an intensity, an emotion without one)", async () => {
    const { id } = await testDb.complaint.findFirstOrThrow({ select: { id: true } });
    for (const [emotion, intensity] of [
      ["neutral", 2],
      ["anger", 0],
      ["anger", 4],
      ["anger", null],
    ] as const)
      await expect(
        testDb.$executeRawUnsafe(
          `UPDATE complaints SET emotion = $1::"ComplaintEmotion", emotion_intensity = $2 WHERE id = $3::uuid`,
          emotion,
          intensity,
          id,
        ),
      ).rejects.toThrow(/complaints_emotion_intensity_range/);
  });
});
