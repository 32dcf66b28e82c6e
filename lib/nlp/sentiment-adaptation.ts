import { setImmediate as nextTurn } from "node:timers/promises";
import type { Db } from "../db-client";
import { ADAPTATION_ALPHA, ADAPTATION_MIN_CUSTOMERS, adaptationCounter, isOneSided } from "./domain-adaptation";
import {
  activeSentimentAdaptationId,
  applySentimentAdaptation,
  sentimentModel,
  sentimentModelFingerprint,
  sentimentState,
} from "./sentiment";

/** The newest texts read of each kind (complaints, ratings, surveys): bounds the run's time and memory at any table size. */
const MAX_TEXTS = 20_000;
/**
 * Fewer texts than this and nothing is stored (a fresh shop): in `npm run nlp:train` the gain
 * starts to show at 500 texts (0.8923 as shipped, 0.8971 on 500 mixed texts).
 */
export const MINIMUM_TEXTS = 500;
/** Texts read between two turns of the event loop: the embedded engine runs this step in an app process. */
const CHUNK = 200;
/** How often a process looks for a newer adaptation (another instance or the workflow may have stored one). */
const REFRESH_MS = 60_000;

/**
 * Who adapted it: the weekly workflow, a call outside the schedule (by hand, from a script), or
 * `npm start` for a model file that had none.
 */
export type AdaptationTrigger = "schedule" | "manual" | "start";

export type AdaptationRun =
  | { status: "adapted"; adaptationId: string; texts: number; features: number }
  | { status: "not_adapted"; reason: "too_few_texts" | "too_one_sided" | "no_new_words"; texts: number };

/**
 * Adapts the sentiment model to the shop's newest texts — complaints, rating and survey comments
 * (lib/nlp/domain-adaptation.ts) — and stores the weights; every app process applies them within a minute
 * (keepSentimentAdaptationCurrent). Run weekly by the `sentiment-adapt` workflow, and by `npm
 * start` when the model file has none yet. A retried step (the same trigger at the same moment)
 * finds its row instead of adding another (a unique key, so two at once store one).
 */
export async function adaptSentimentToShopTexts({
  db,
  trigger,
  now = new Date(),
}: {
  db: Db;
  trigger: AdaptationTrigger;
  now?: Date;
}): Promise<AdaptationRun> {
  const model = sentimentModelFingerprint();
  const key = { model, trigger, createdAt: now };
  const done = await db.sentimentAdaptation.findFirst({
    where: key,
    select: { id: true, texts: true, features: true },
  });
  if (done) return { status: "adapted", adaptationId: done.id, texts: done.texts, features: done.features };
  // The shop's own customers' words: complaints read negative nine times in ten, so the comments of
  // ratings (those that did not become a complaint) and of satisfaction surveys bring the other
  // side (README, "Chinese text": on one-sided texts the adaptation learns almost nothing). The
  // newest of each, by their created_at indexes.
  const [complaints, ratings, surveys] = await Promise.all([
    db.complaint.findMany({
      select: { description: true, customerId: true },
      where: { createdAt: { lte: now } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MAX_TEXTS,
    }),
    db.rating.findMany({
      select: { text: true, customerId: true },
      where: { createdAt: { lte: now }, complaintId: null, text: { not: "" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MAX_TEXTS,
    }),
    db.surveyResponse.findMany({
      select: { comment: true, customerId: true },
      where: { createdAt: { lte: now }, comment: { not: "" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MAX_TEXTS,
    }),
  ]);
  const rows = [
    ...complaints.map((c) => ({ text: c.description, customer: c.customerId })),
    ...ratings.map((r) => ({ text: r.text, customer: r.customerId })),
    ...surveys.map((r) => ({ text: r.comment, customer: r.customerId })),
  ];
  if (rows.length < MINIMUM_TEXTS) return { status: "not_adapted", reason: "too_few_texts", texts: rows.length };
  // By customer, so each customer's words count once for a feature.
  rows.sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
  const counter = adaptationCounter({ model: sentimentModel() });
  for (let start = 0; start < rows.length; start += CHUNK) {
    for (const row of rows.slice(start, start + CHUNK)) counter.add(row);
    await nextTurn();
  }
  const adapted = counter.finish();
  if (isOneSided(adapted)) return { status: "not_adapted", reason: "too_one_sided", texts: adapted.texts };
  if (adapted.features === 0) return { status: "not_adapted", reason: "no_new_words", texts: adapted.texts };
  await db.sentimentAdaptation.createMany({
    data: [
      {
        ...key,
        texts: adapted.texts,
        negativeTexts: adapted.negative,
        features: adapted.features,
        alpha: ADAPTATION_ALPHA,
        minCustomers: ADAPTATION_MIN_CUSTOMERS,
        weights: adapted.weights,
      },
    ],
    skipDuplicates: true,
  });
  const row = await db.sentimentAdaptation.findFirstOrThrow({
    where: key,
    select: { id: true, texts: true, features: true },
  });
  return { status: "adapted", adaptationId: row.id, texts: row.texts, features: row.features };
}

/** Whether the model file in use has an adaptation stored (`npm start` adapts once when not). */
export async function hasSentimentAdaptation({ db }: { db: Db }): Promise<boolean> {
  return (await db.sentimentAdaptation.count({ where: { model: sentimentModelFingerprint() } })) > 0;
}

/**
 * Applies the newest adaptation stored for the shipped model in this process (or none); loads its
 * weights only when it is not the one already in force. Returns the id in force.
 */
export async function refreshSentimentAdaptation({ db }: { db: Db }): Promise<string | null> {
  const latest = await db.sentimentAdaptation.findFirst({
    where: { model: sentimentModelFingerprint() },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  if (!latest) {
    applySentimentAdaptation(null);
    return null;
  }
  if (latest.id === activeSentimentAdaptationId()) return latest.id;
  const { weights } = await db.sentimentAdaptation.findUniqueOrThrow({
    where: { id: latest.id },
    select: { weights: true },
  });
  // Our own rows, but a weight that is not a finite number is skipped rather than poisoning every score.
  const entries = Object.entries(weights as Record<string, unknown>).filter(
    (entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1]),
  );
  applySentimentAdaptation({ id: latest.id, weights: new Map(entries) });
  return latest.id;
}

/**
 * Called by intake and at the server's start: at most once a minute per process, looks for a newer
 * adaptation in the background (a request never waits; until it is loaded the previous weights
 * apply). A failed look is logged and tried again a minute later.
 */
export function keepSentimentAdaptationCurrent({ db, now = Date.now() }: { db: Db; now?: number }): void {
  const state = sentimentState();
  if (state.refreshing || now - state.checkedAt < REFRESH_MS) return;
  state.checkedAt = now;
  state.refreshing = true;
  refreshSentimentAdaptation({ db })
    .catch((error: unknown) => console.error(`sentiment adaptation refresh failed: ${String(error)}`))
    .finally(() => {
      state.refreshing = false;
    });
}
