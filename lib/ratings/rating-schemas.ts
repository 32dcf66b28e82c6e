import { z } from "zod";
import { isRatingTag, RATING_TAGS, type RatingTag } from "../complaints/vocabulary/rating-tags";
import { orderNoSchema } from "../orders/order-schemas";
import { MAX_IMAGES } from "../storage/image-rules";

/** As the complaint form counts: characters as people count them (an emoji is one). */
export const MAX_RATING_TEXT = 300;

const distinct = (values: string[]) => new Set(values).size === values.length;

const textSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if ([...value].length > MAX_RATING_TEXT)
      ctx.addIssue({ code: "too_big", origin: "string", maximum: MAX_RATING_TEXT, inclusive: true, input: value });
  })
  .default("");

const tagsSchema = z
  .array(z.string().refine(isRatingTag, "unknown_tag"))
  .max(RATING_TAGS.length)
  .refine(distinct, "duplicate_tag")
  .default([])
  .transform((tags) => tags as RatingTag[]);

const starsSchema = z.coerce.number().int("invalid").min(1).max(5);

/** Body of POST /api/v1/ratings; `images` are ids from POST /api/v1/uploads. */
export const apiRatingSchema = z.object({
  orderNo: orderNoSchema,
  stars: starsSchema,
  tags: tagsSchema,
  text: textSchema,
  images: z.array(z.uuid()).max(MAX_IMAGES).refine(distinct, "duplicate_image").default([]),
  locale: z.enum(["zh-CN", "en", "es"]).default("zh-CN"),
});

/** Fields of the H5 rating page. */
export const h5RatingSchema = z.object({
  orderNo: orderNoSchema,
  stars: starsSchema,
  tags: tagsSchema,
  text: textSchema,
  imageIds: z.array(z.uuid()).max(MAX_IMAGES, "too_many").refine(distinct, "duplicate_image").default([]),
  submissionId: z.uuid(),
});
