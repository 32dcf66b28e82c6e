import { createHash } from "node:crypto";
import { readSetting } from "../app-settings";
import { createComplaint, type IntakeActor } from "../complaints/create-complaint";
import { isRatingTag, RATING_TAG_CATEGORY, RATING_TAGS, type RatingTag } from "../complaints/vocabulary/rating-tags";
import type { Category } from "../complaints/vocabulary/taxonomy";
import type { Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../i18n/config";
import { enqueueEvents } from "../outbox/enqueue-event";
import { translatorFor } from "../i18n/translator";
import { likelyCategory } from "../nlp/category-hint";
import { assertVideoLimit } from "../storage/uploads";
import { RATING_SETTINGS } from "./rating-settings";

export type NewRating = { orderNo: string; stars: number; tags: RatingTag[]; text: string; imageIds: string[] };

export type RatingOutcome = { ratingId: string; stars: number; complaintId: string | null; replayed: boolean };

/**
 * The subtype a low rating's complaint gets: its first ticked tag's (in the tags' order), else
 * what the text points to, else product quality — most ratings of fresh produce are about it.
 */
function ratingCategory({ tags, text }: { tags: readonly RatingTag[]; text: string }): Category {
  const tag = RATING_TAGS.find((candidate) => tags.includes(candidate));
  if (tag) return RATING_TAG_CATEGORY[tag];
  return likelyCategory({ description: text }) ?? "product.quality";
}

/** What the complaint says when the customer wrote nothing: the stars and the tags, in their language. */
function complaintText({
  stars,
  tags,
  text,
  locale,
}: {
  stars: number;
  tags: RatingTag[];
  text: string;
  locale: Locale;
}) {
  if (text) return text;
  const t = translatorFor(locale);
  return t("ratings.complaintText", {
    stars,
    tags: tags.length
      ? new Intl.ListFormat(locale, { type: "conjunction" }).format(tags.map((tag) => t(`ratingTags.${tag}`)))
      : t("ratings.noTags"),
  });
}

/**
 * Records an order's rating — once per order — and, when it is at or below the configured stars,
 * files a complaint for it (its subtype from the tags and the text, the rating's photos attached)
 * and links the two. The customer is told by what the complaint does from then on (the H5 shows
 * it at once; the API answers its id; the usual messages follow).
 *
 * Nothing twice, nothing lost: the rating is written under its idempotency key (the API's key, or
 * the H5 form's submission id) together with the decision that it wants a complaint (the threshold
 * then) and, if so, a `kesu/rating.needs_complaint` event in the same transaction. The complaint is
 * filed right away here, and by the rating-complaint workflow from that event should this request
 * die first — both through fileRatingComplaint, under a key derived from the rating: one complaint,
 * whoever gets there first.
 */
export async function submitRating({
  db,
  actor,
  input,
  locale,
  source,
  idempotency,
  keyring,
  shopRefunds = false,
}: {
  db: Db;
  actor: IntakeActor;
  input: NewRating;
  locale: Locale;
  source: "h5" | "api";
  idempotency: { key: string; requestHash: string };
  keyring: Keyring;
  shopRefunds?: boolean;
}): Promise<RatingOutcome> {
  const rating = await findOrCreateRating({ db, actor, input, locale, source, idempotency });
  const complaintId = rating.wantsComplaint
    ? await fileRatingComplaint({ db, ratingId: rating.id, keyring, shopRefunds })
    : null;
  return { ratingId: rating.id, stars: rating.stars, complaintId, replayed: rating.replayed };
}

/**
 * Files the complaint a low rating wants, and links it; answers its id (null when the rating wants
 * none). Safe to repeat and to run twice at once: the complaint's idempotency key is the rating's,
 * and the link is only set where it is still empty.
 */
export async function fileRatingComplaint({
  db,
  ratingId,
  keyring,
  shopRefunds = false,
}: {
  db: Db;
  ratingId: string;
  keyring: Keyring;
  shopRefunds?: boolean;
}): Promise<string | null> {
  const rating = await db.rating.findUnique({
    where: { id: ratingId },
    select: {
      stars: true,
      tags: true,
      text: true,
      locale: true,
      source: true,
      customerId: true,
      wantsComplaint: true,
      complaintId: true,
      order: { select: { orderNo: true } },
      uploads: { select: { id: true }, orderBy: { position: "asc" } },
    },
  });
  if (!rating?.wantsComplaint) return null;
  if (rating.complaintId) return rating.complaintId;
  const tags = rating.tags.filter(isRatingTag);
  const locale = isLocale(rating.locale) ? rating.locale : DEFAULT_LOCALE;
  const { complaint } = await createComplaint({
    db,
    // As the rating came: the customer on the H5, the shop through its API.
    actor: rating.source === "h5" ? { type: "customer", customerId: rating.customerId } : { type: "shop" },
    input: {
      orderNo: rating.order.orderNo,
      category: ratingCategory({ tags, text: rating.text }),
      description: complaintText({ stars: rating.stars, tags, text: rating.text, locale }),
      imageIds: rating.uploads.map((upload) => upload.id),
      ratingId,
    },
    source: rating.source,
    idempotency: { key: `rating:${ratingId}`, requestHash: createHash("sha256").update(ratingId).digest("hex") },
    keyring,
    shopRefunds,
  });
  await db.rating.updateMany({ where: { id: ratingId, complaintId: null }, data: { complaintId: complaint.id } });
  return complaint.id;
}

type StoredRating = { id: string; stars: number; wantsComplaint: boolean; replayed: boolean };

const RATING_SELECT = { id: true, stars: true, wantsComplaint: true, requestHash: true } as const;

async function findOrCreateRating({
  db,
  actor,
  input,
  locale,
  source,
  idempotency,
}: {
  db: Db;
  actor: IntakeActor;
  input: NewRating;
  locale: Locale;
  source: "h5" | "api";
  idempotency: { key: string; requestHash: string };
}): Promise<StoredRating> {
  const replay = await findReplay({ db, idempotency });
  if (replay) return replay;
  const order = await db.order.findUnique({
    where: { orderNo: input.orderNo },
    select: { id: true, customerId: true, region: true, customer: { select: { tier: true } } },
  });
  if (!order) throw new AppError("order_not_found");
  if (actor.type === "customer" && order.customerId !== actor.customerId) throw new AppError("order_not_owned");
  await assertVideoLimit({ db, uploadIds: input.imageIds });
  try {
    return await db.$transaction(async (tx) => {
      // Decided now, with the rating: a retry after a change of the threshold decides nothing again.
      const { value: settings } = await readSetting({ db: tx, setting: RATING_SETTINGS });
      const wantsComplaint = input.stars <= settings.complaintAtOrBelowStars;
      const created = await tx.rating.create({
        data: {
          orderId: order.id,
          customerId: order.customerId,
          stars: input.stars,
          tags: input.tags,
          text: input.text,
          locale,
          source,
          region: order.region,
          tier: order.customer.tier,
          idempotencyKey: idempotency.key,
          requestHash: idempotency.requestHash,
          wantsComplaint,
        },
        select: { id: true },
      });
      // The photos and video: this customer's (a shop upload: nobody's yet), on nothing else. Their owner is
      // left as it is, so a low rating's complaint attaches them by the intake's own rule.
      for (const [position, id] of input.imageIds.entries()) {
        const { count } = await tx.upload.updateMany({
          where: {
            id,
            customerId: actor.type === "customer" ? actor.customerId : null,
            complaintId: null,
            ratingId: null,
          },
          data: { ratingId: created.id, position },
        });
        if (count !== 1) throw new AppError("upload_not_found");
      }
      if (wantsComplaint)
        await enqueueEvents({
          tx,
          events: [{ name: "kesu/rating.needs_complaint", aggregateId: created.id, data: { ratingId: created.id } }],
        });
      return { id: created.id, stars: input.stars, wantsComplaint, replayed: false };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      // The same request at the same moment (the key), or the order rated already (another key).
      const winner = await findReplay({ db, idempotency });
      if (winner) return winner;
      throw new AppError("rating_exists");
    }
    throw error;
  }
}

async function findReplay({
  db,
  idempotency,
}: {
  db: Db;
  idempotency: { key: string; requestHash: string };
}): Promise<StoredRating | null> {
  const found = await db.rating.findUnique({ where: { idempotencyKey: idempotency.key }, select: RATING_SELECT });
  if (!found) return null;
  if (found.requestHash !== idempotency.requestHash) throw new AppError("idempotency_key_reused");
  return { id: found.id, stars: found.stars, wantsComplaint: found.wantsComplaint, replayed: true };
}
