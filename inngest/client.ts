import { Inngest } from "inngest";

/**
 * The Inngest client. Durable workflows (SLA timers, notifications, surveys, alerts, reports)
 * and the route that serves them arrive with issue 4; intake already writes everything they
 * need (timeline events in the same transaction as the change).
 */
export const inngest = new Inngest({ id: "kesu" });
