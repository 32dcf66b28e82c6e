import { slaTimer } from "./functions/sla-timer";

/** Every durable function, served at /api/inngest. */
export const functions = [slaTimer];
