import { ORDER_STATUSES } from "../complaints/vocabulary/terms";
import { z } from "zod";
import { yuanSchema } from "../money";
import { TIERS } from "../complaints/vocabulary/terms";

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const text = (max: number) => z.string().trim().min(1).max(max);

export const orderNoSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

const quantitySchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const textValue = String(value);
  if (!/^\d{1,7}(\.\d{1,3})?$/.test(textValue) || Number(textValue) <= 0) {
    ctx.addIssue({ code: "custom", message: "invalid" });
    return z.NEVER;
  }
  return textValue;
});

export const upsertOrderSchema = z.object({
  customer: z.object({
    externalId: text(64),
    name: text(100),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{5,19}$/, "phone")
      .optional(),
    tier: z.enum(TIERS).optional(),
    region: text(64),
  }),
  items: z
    .array(
      z.object({
        sku: text(64),
        name: text(200),
        quantity: quantitySchema,
        unitPrice: yuanSchema,
        // The shop could not supply it.
        outOfStock: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(200)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.sku)) ctx.addIssue({ code: "custom", message: "duplicate_sku", path: [index, "sku"] });
        seen.add(item.sku);
      });
    }),
  amount: yuanSchema,
  status: z.enum(ORDER_STATUSES),
  placedAt: isoDate,
  promisedAt: isoDate.optional(),
  deliveredAt: isoDate.optional(),
  paymentFailed: z.boolean().optional(),
});

export type UpsertOrderInput = z.output<typeof upsertOrderSchema>;

/**
 * An order's progress as the shop reports it (PATCH /api/v1/orders/{orderNo}): only what changed.
 * `deliveredAt: null` clears a delivery reported by mistake; `outOfStockSkus` names the items the
 * shop could not supply (the others are supplied).
 */
export const orderProgressSchema = z
  .object({
    status: upsertOrderSchema.shape.status.optional(),
    promisedAt: isoDate.nullable().optional(),
    deliveredAt: isoDate.nullable().optional(),
    paymentFailed: z.boolean().optional(),
    outOfStockSkus: z.array(text(64)).max(200).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((value) => value !== undefined), { message: "required" });
export type OrderProgress = z.output<typeof orderProgressSchema>;
