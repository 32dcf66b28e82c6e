import { z } from "zod";

export const answerSchema = z.object({ complaintId: z.string().uuid(), text: z.string().trim().min(1).max(500) });
export const confirmSchema = z.object({ complaintId: z.string().uuid() });
export const rejectSchema = z.object({ complaintId: z.string().uuid(), reason: z.string().trim().min(1).max(300) });
export const claimCompensationSchema = z.object({ compensationId: z.string().uuid() });
