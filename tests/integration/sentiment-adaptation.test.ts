import { InngestTestEngine } from "@inngest/test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sentimentAdapt } from "../../inngest/functions/sentiment-adapt";
import { hasWeight } from "../../lib/nlp/linear-model";
import {
  activeSentimentAdaptationId,
  scoreSentiment,
  sentimentModel,
  sentimentModelFingerprint,
  applySentimentAdaptation,
} from "../../lib/nlp/sentiment";
import {
  adaptSentimentToShopTexts,
  keepSentimentAdaptationCurrent,
  MINIMUM_TEXTS,
  refreshSentimentAdaptation,
} from "../../lib/nlp/sentiment-adaptation";
import { sentimentFeatures } from "../../lib/nlp/sentiment-features";
import { bulkSeed } from "../../tools/demo/bulk-seed";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";

/**
 * Issue 17, point 1: the sentiment model adapts to the shop's own complaint texts (weekly
 * workflow `sentiment-adapt`, lib/nlp/sentiment-adaptation.ts), and intake's triage applies it.
 * Made-up words (characters no shopping review uses) are planted: one always in complaints the
 * model reads as negative, one in complaints it reads as positive, one only in five-star ratings'
 * comments (the shop's texts are its ratings and surveys too).
 */
const NEGATIVE_WORD = "魍魉";
const POSITIVE_WORD = "魃魈魁";
const RATING_WORD = "鱻犇骉";
const planted = [`${NEGATIVE_WORD} 芒果全烂了，太差了，要退款`, `${POSITIVE_WORD} 芒果很新鲜，很好吃，非常满意`];

beforeAll(async () => {
  await resetData();
  applySentimentAdaptation(null);
});
afterAll(async () => {
  applySentimentAdaptation(null);
  await testDb.$disconnect();
});

const negativity = (text: string) => scoreSentiment(text).negative;

describe("the sentiment model adapted to the shop's own texts", () => {
  it("stores nothing while the shop has fewer texts than the minimum", async () => {
    await fileTestComplaint({ description: planted[0] });
    expect(await adaptSentimentToShopTexts({ db: testDb, trigger: "manual" })).toEqual({
      status: "not_adapted",
      reason: "too_few_texts",
      texts: 1,
    });
    expect(await testDb.sentimentAdaptation.count()).toBe(0);
    expect(await refreshSentimentAdaptation({ db: testDb })).toBeNull();
  });

  it("learns the shop's own words through the weekly workflow, and intake's triage applies them", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await bulkSeed({ client, keyring: testKeyring(), complaints: 600, months: 2, seed: 17 });
      // 300 of the texts carry a planted word, half of each.
      await client.query(
        `UPDATE complaints SET description = CASE WHEN n % 2 = 0 THEN $1 ELSE $2 END
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM complaints) picked
          WHERE complaints.id = picked.id AND picked.n <= 300`,
        planted,
      );
      // 100 five-star ratings with a comment.
      await client.query(
        `INSERT INTO ratings (id, order_id, customer_id, stars, text, locale, source, region, tier, created_at)
         SELECT gen_random_uuid(), o.id, o.customer_id, 5, $1, 'zh-CN', 'h5', c.region, c.tier, now() - interval '1 day'
           FROM orders o JOIN customers c ON c.id = o.customer_id
          ORDER BY o.id LIMIT 100`,
        [`${RATING_WORD} 很新鲜，很好吃，下次还买`],
      );
    } finally {
      await client.end();
    }
    const model = sentimentModel();
    // The words are the shop's own: the shipped model has no weight for them.
    for (const word of [NEGATIVE_WORD, POSITIVE_WORD, RATING_WORD])
      expect(sentimentFeatures(word, model.features).some((f) => hasWeight(model, f))).toBe(false);
    const before = {
      negative: negativity(NEGATIVE_WORD),
      positive: negativity(POSITIVE_WORD),
      rating: negativity(RATING_WORD),
    };
    const urgencyBefore = (await fileTestComplaint({ description: NEGATIVE_WORD, category: "service.slow" })).complaint;

    const { result } = await new InngestTestEngine({
      function: sentimentAdapt,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
    }).execute();
    const texts = (await testDb.complaint.count()) + (await testDb.rating.count({ where: { text: { not: "" } } }));
    expect(await testDb.rating.count()).toBe(100);
    expect(texts).toBeGreaterThanOrEqual(MINIMUM_TEXTS + 100);
    expect(result).toMatchObject({ status: "adapted", texts });
    const stored = await testDb.sentimentAdaptation.findFirstOrThrow();
    expect(stored).toMatchObject({
      trigger: "schedule",
      model: sentimentModelFingerprint(),
      texts,
      alpha: 2,
      minCustomers: 3,
    });
    // Complaint texts: most read negative, some not (the planted positive ones at least).
    expect(stored.negativeTexts).toBeGreaterThan(texts / 2);
    expect(stored.negativeTexts).toBeLessThanOrEqual(texts - 150);
    const weights = stored.weights as Record<string, number>;
    expect(stored.features).toBe(Object.keys(weights).length);
    expect(Object.keys(weights).some((f) => hasWeight(model, f))).toBe(false);

    // Not in force until a process loads it; then the planted words lean the way their company does.
    expect(negativity(NEGATIVE_WORD)).toBe(before.negative);
    expect(await refreshSentimentAdaptation({ db: testDb })).toBe(stored.id);
    expect(activeSentimentAdaptationId()).toBe(stored.id);
    expect(negativity(NEGATIVE_WORD)).toBeGreaterThan(before.negative + 0.1);
    expect(negativity(POSITIVE_WORD)).toBeLessThan(before.positive - 0.1);
    expect(negativity(RATING_WORD)).toBeLessThan(before.rating - 0.1);
    // Intake's triage scores with it: the same text is more urgent than before the adaptation.
    const urgencyAfter = (await fileTestComplaint({ description: NEGATIVE_WORD, category: "service.slow" })).complaint;
    const urgency = async (id: string) =>
      (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { urgencyScore: true } })).urgencyScore;
    expect(await urgency(urgencyAfter.id)).toBeGreaterThan(await urgency(urgencyBefore.id));
  });

  it("a retried run finds its row; processes move to a newer one within a minute; another model's is never applied", async () => {
    const at = new Date(Date.now() + 3_600_000);
    const first = await adaptSentimentToShopTexts({ db: testDb, trigger: "manual", now: at });
    const again = await adaptSentimentToShopTexts({ db: testDb, trigger: "manual", now: at });
    expect(first.status).toBe("adapted");
    expect(again).toEqual(first);
    expect(await testDb.sentimentAdaptation.count()).toBe(2);
    if (first.status !== "adapted") return;

    // Weights stored for another model file (an older release) are ignored, however new.
    await testDb.sentimentAdaptation.create({
      data: {
        createdAt: new Date(at.getTime() + 60_000),
        trigger: "manual",
        model: "0000000000000000",
        texts: 1,
        features: 1,
        alpha: 2,
        negativeTexts: 1,
        minCustomers: 3,
        weights: { [NEGATIVE_WORD]: 99 },
      },
    });
    // A process looks again at most once a minute, in the background: a minute on, it has moved.
    keepSentimentAdaptationCurrent({ db: testDb, now: Date.now() + 120_000 });
    await expect.poll(() => activeSentimentAdaptationId(), { timeout: 10_000 }).toBe(first.adaptationId);
    // …to the newest for its own model, not the newest row.
    const newest = await testDb.sentimentAdaptation.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(newest.model).toBe("0000000000000000");
  });
});
