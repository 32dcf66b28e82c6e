import type { Db } from "../db-client";
import { ADAPTATION_ALPHA, ADAPTATION_MIN_DOCS, adaptToTexts } from "./domain-adaptation";
import {
  activeSentimentAdaptationId,
  sentimentModel,
  sentimentModelFingerprint,
  applySentimentAdaptation,
} from "./sentiment";

/** The newest complaint texts read: bounds the weekly run's time and memory at any table size. */
const MAX_TEXTS = 20_000;
/**
 * Fewer texts than this and nothing is stored (a fresh shop): `npm run nlp:train` shows the
 * adaptation about level with the model below 500 texts, and past it from 1 000 up.
 */
export const MINIMUM_TEXTS = 500;
/** How often a process looks for a newer adaptation (another instance or the workflow may have stored one). */
const REFRESH_MS = 60_000;

/** Who adapted it: the weekly workflow, an operator, a fresh demo's start-up. */
export type AdaptationTrigger = "schedule" | "manual" | "demo";

export type AdaptationRun =
  | { status: "adapted"; adaptationId: string; texts: number; features: number }
  | { status: "not_enough_texts"; texts: number };

/**
 * Adapts the sentiment model to the shop's newest complaint texts (lib/nlp/domain-adaptation.ts)
 * and stores the weights; every app process applies them within a minute
 * (keepSentimentAdaptationCurrent). Run weekly by the `sentiment-adapt` workflow. A retried step
 * (the same trigger at the same moment) finds its row instead of adding another.
 */
export async function adaptSentimentToComplaints({
  db,
  trigger,
  now = new Date(),
}: {
  db: Db;
  trigger: AdaptationTrigger;
  now?: Date;
}): Promise<AdaptationRun> {
  const model = sentimentModelFingerprint();
  const done = await db.sentimentAdaptation.findFirst({
    where: { trigger, createdAt: now, model },
    select: { id: true, texts: true, features: true },
  });
  if (done) return { status: "adapted", adaptationId: done.id, texts: done.texts, features: done.features };
  const rows = await db.complaint.findMany({
    select: { description: true },
    where: { createdAt: { lte: now } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: MAX_TEXTS,
  });
  if (rows.length < MINIMUM_TEXTS) return { status: "not_enough_texts", texts: rows.length };
  const adapted = adaptToTexts({ model: sentimentModel(), texts: rows.map((row) => row.description) });
  const row = await db.sentimentAdaptation.create({
    data: {
      createdAt: now,
      trigger,
      model,
      texts: adapted.texts,
      features: adapted.features,
      alpha: ADAPTATION_ALPHA,
      minDocs: ADAPTATION_MIN_DOCS,
      weights: adapted.weights,
    },
    select: { id: true },
  });
  return { status: "adapted", adaptationId: row.id, texts: adapted.texts, features: adapted.features };
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

let checkedAt = 0;
let refreshing = false;

/**
 * Called by intake: at most once a minute per process, looks for a newer adaptation in the
 * background (the request never waits; until it is loaded the previous weights apply). A failed
 * look is logged and tried again a minute later.
 */
export function keepSentimentAdaptationCurrent({ db, now = Date.now() }: { db: Db; now?: number }): void {
  if (refreshing || now - checkedAt < REFRESH_MS) return;
  checkedAt = now;
  refreshing = true;
  refreshSentimentAdaptation({ db })
    .catch((error: unknown) => console.error("sentiment adaptation refresh failed:", (error as Error).message))
    .finally(() => {
      refreshing = false;
    });
}
