import { z } from "zod";
import { orderNoSchema } from "../orders/order-schemas";
import { MAX_IMAGES } from "../storage/image-rules";
import { isCategory, type Category } from "./vocabulary/taxonomy";

import { MAX_DESCRIPTION } from "./complaint-limits";

const categorySchema = z
  .string()
  .refine(isCategory, "unknown_category")
  .transform((value) => value as Category);

/** Length in characters as people count them (an emoji is one), not UTF-16 code units. */
const descriptionSchema = z
  .string()
  .trim()
  .min(1)
  .superRefine((value, ctx) => {
    if ([...value].length > MAX_DESCRIPTION)
      ctx.addIssue({ code: "too_big", origin: "string", maximum: MAX_DESCRIPTION, inclusive: true, input: value });
  });

const contactSchema = z
  .string()
  .trim()
  .max(64)
  .optional()
  .transform((value) => (value ? value : undefined));

/** A photo listed twice would be attached once: refused as the input error it is. */
const distinct = (ids: string[]) => new Set(ids).size === ids.length;

/** Body of POST /api/v1/complaints; `images` are ids from POST /api/v1/uploads. */
export const apiComplaintSchema = z.object({
  orderNo: orderNoSchema,
  category: categorySchema,
  description: descriptionSchema,
  images: z.array(z.uuid()).max(MAX_IMAGES).refine(distinct, "duplicate_image").optional().default([]),
  contact: contactSchema,
});

/** Fields of the H5 form; `imageIds` are the photos uploaded while the form was filled (/h5/uploads). */
export const h5ComplaintSchema = z.object({
  orderNo: orderNoSchema,
  category: categorySchema,
  description: descriptionSchema,
  contact: contactSchema,
  imageIds: z.array(z.uuid()).max(MAX_IMAGES, "too_many").refine(distinct, "duplicate_image").default([]),
  submissionId: z.uuid(),
});
