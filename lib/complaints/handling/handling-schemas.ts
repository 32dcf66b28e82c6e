import { z } from "zod";
import { RESOLUTION_OUTCOMES } from "../vocabulary/terms";

/** Inputs of the workspace's complaint actions, shared by the server actions and the tests. */
const versionSchema = z.coerce.number().int().min(0);
const text = (max: number) => z.string().trim().min(1).max(max);

export const claimSchema = z.object({ complaintId: z.string().uuid(), version: versionSchema });
export const assignSchema = claimSchema.extend({ assigneeId: z.string().uuid() });
export const replySchema = claimSchema.extend({ text: text(1000), templateCode: z.string().max(60).optional() });
export const noteSchema = claimSchema.extend({ text: text(1000) });
export const requestInfoSchema = claimSchema.extend({ text: text(500) });
export const escalateSchema = claimSchema.extend({ reason: text(500) });
export const resolveSchema = claimSchema.extend({
  outcome: z.enum(RESOLUTION_OUTCOMES),
  note: text(1000),
  // Yuan for refund and coupon, whole points for points; ignored for the other outcomes.
  amount: z.string().trim().max(20).optional(),
  // Only a supervisor's counts (compensation.override_cap); empty means no override.
  capOverrideReason: z.string().trim().max(500).optional(),
});
export const closeSchema = claimSchema.extend({ reason: z.string().trim().max(500).optional() });
export const reopenSchema = claimSchema.extend({ reason: text(500) });
