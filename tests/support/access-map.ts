import type { Permission } from "../../lib/auth/permissions";

/**
 * Who may use each entry point of the app: every route handler (per method), every exported
 * server action and every page. Three suites read it:
 * - tests/integration/access-map.test.ts walks app/ and fails on an entry point missing here (or
 *   an entry here without its file or export): a new route without a check fails the suite;
 * - tests/integration/access-guards.test.ts reads each entry point's code (TypeScript AST) and
 *   checks it starts with the guard this map names (tests/support/access-guards.ts);
 * - tests/e2e/access-sweep.spec.ts calls each one against the production build as anonymous,
 *   every staff role, a staff member of another group and a second H5 customer.
 *
 * Kept free of server imports: the Playwright spec loads it too.
 */

/** Credentials of their own, checked by the entry point itself (the guard named in access-guards.ts). */
export type Signature =
  | "h5-link" // an H5 link's HMAC-SHA256 signature and expiry (lib/auth/open-h5-link.ts), then single use
  | "h5-switch" // the /h5/switch answer: a same-origin POST whose jti must be the pending signed link's
  | "workspace-link" // a robot message's signed link to a workspace page (lib/notify/workspace-link.ts)
  | "engine-event-key" // the embedded engine's event key (Inngest's POST /e/{eventKey})
  | "inngest-signature" // the Inngest SDK's request signature (signing key), checked inside serve()
  | "metrics-token" // Authorization: Bearer METRICS_TOKEN, compared in constant time
  | "uploadthing" // UploadThing's route: uploads run the router's middleware (H5 session, or staff + complaint scope); callbacks carry UploadThing's signature, verified by the SDK
  | "staff-token"; // a one-time invitation / password-reset link: SHA-256 digest looked up, unused, unexpired (lib/staff/staff-tokens.ts)

/** What an H5 session reaches: the customer's own, on the orders the session was opened for. */
type H5Scope = "complaint" | "order" | "photo" | "session";

export type Access =
  /** Anyone: nothing to protect (say why). */
  | { who: "public"; why: string }
  /** Only a redirect to another entry point, which checks for itself. */
  | { who: "redirect"; to: string }
  /** Its own credential (see Signature). */
  | { who: "signed"; by: Signature; why: string }
  /** The shop's backend: Authorization: Bearer SHOP_API_KEY (lib/api/shop-route.ts). */
  | { who: "shop" }
  /** The H5 customer session; `scope` is what the entry point touches (a complaint, an order, a photo) or just the session itself. */
  | { who: "h5"; scope: H5Scope }
  /** A staff permission from lib/auth/permissions.ts; `scope: "complaint"` when it works on one complaint, which must be in the staff member's groups. */
  | { who: "staff"; permission: Permission; scope?: "complaint" }
  /** Photo bytes: staff with the permission who may see the photo's complaint, or its owner's H5 session (checked in lib/storage/uploads.ts readUploadForViewer). */
  | { who: "staff_or_h5"; permission: Permission; scope: "complaint"; h5Scope: H5Scope };

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const staff = (permission: Permission, scope?: "complaint"): Access =>
  scope ? { who: "staff", permission, scope } : { who: "staff", permission };
const h5 = (scope: H5Scope): Access => ({ who: "h5", scope });
const shop: Access = { who: "shop" };

/** app/**\/route.ts → exported method → who. */
export const ROUTES = {
  "app/(admin)/admin/(workspace)/complaints/export/route.ts": { GET: staff("complaints.export") },
  "app/(h5)/h5/complaints/[id]/marker/route.ts": { GET: h5("complaint") },
  "app/(h5)/h5/enter/route.ts": {
    GET: {
      who: "signed",
      by: "h5-link",
      why: "exchanges a signed, unexpired, unused link (or the widget's sealed one) for an H5 session scoped to its order (the widget's: the customer's recent orders)",
    },
    POST: {
      who: "signed",
      by: "h5-switch",
      why: "the answer of /h5/switch: same origin, and the jti of the pending signed link",
    },
  },
  // FAQ entries are the same for every customer; a session is required only to rate-limit per customer.
  "app/(h5)/h5/faq-suggestions/route.ts": { GET: h5("session") },
  // A photo not yet tied to an order: the order is checked against the session when the complaint is filed.
  "app/(h5)/h5/uploads/route.ts": { POST: h5("session") },
  "app/api/auth/[...nextauth]/route.ts": {
    GET: { who: "public", why: "next-auth: CSRF token, providers, the caller's own session" },
    POST: { who: "public", why: "next-auth: credentials sign-in (CSRF token, rate limits, argon2) and sign-out" },
  },
  "app/api/engine/e/[key]/route.ts": {
    POST: { who: "signed", by: "engine-event-key", why: "the embedded workflow engine's event API" },
  },
  "app/api/files/[id]/route.ts": {
    GET: { who: "staff_or_h5", permission: "complaint.photos", scope: "complaint", h5Scope: "photo" },
  },
  "app/api/health/route.ts": { GET: { who: "public", why: "liveness probe; touches nothing" } },
  "app/api/inngest/route.ts": {
    GET: { who: "signed", by: "inngest-signature", why: "Inngest introspection (cloud mode: unsigned → 401)" },
    POST: {
      who: "signed",
      by: "inngest-signature",
      why: "runs a function step; an unsigned call is refused by the SDK",
    },
    PUT: {
      who: "signed",
      by: "inngest-signature",
      why: "sync: with the embedded engine only its signed in-band PUT (else 401); with Inngest, the SDK's own sync",
    },
  },
  "app/api/metrics/route.ts": { GET: { who: "signed", by: "metrics-token", why: "Prometheus scrape" } },
  "app/api/v1/complaints/[id]/route.ts": { GET: shop },
  "app/api/v1/h5-links/route.ts": { POST: shop },
  "app/api/v1/ratings/route.ts": { POST: shop },
  "app/api/v1/orders/[orderNo]/route.ts": { PUT: shop, PATCH: shop },
  "app/api/v1/uploads/route.ts": { POST: shop },
  // Pages Router (lib/api/node-route.ts says why intake is there): the default export, one method.
  "pages/api/v1/complaints.ts": { POST: shop },
  // The H5 complaint form's script posts here (the same filing as a server action, without App Router's cost per request).
  "pages/api/h5/complaints.ts": { POST: h5("order") },
  "app/api/v1/widget-sessions/route.ts": { POST: shop },
  "app/api/uploadthing/route.ts": {
    GET: {
      who: "signed",
      by: "uploadthing",
      why: "the router's shape for the uploader; 404 without UPLOADTHING_TOKEN",
    },
    POST: {
      who: "signed",
      by: "uploadthing",
      why: "an upload URL after the router's middleware (H5 session, or staff and the complaint's scope), or UploadThing's signed callback; 404 without UPLOADTHING_TOKEN",
    },
  },
  "app/widget.js/route.ts": {
    GET: { who: "public", why: "the widget's loader script, the same for everyone; reads nothing" },
  },
  "app/l/[token]/route.ts": {
    GET: {
      who: "signed",
      by: "workspace-link",
      why: "redirects to the workspace page it names, which asks for sign-in and checks the role",
    },
  },
} as const satisfies Record<string, Partial<Record<HttpMethod, Access>>>;

/** Every exported function of every "use server" file → who. */
export const ACTIONS = {
  "app/(admin)/admin/(workspace)/alerts/actions.ts": { acknowledgeAlertAction: staff("alerts.acknowledge") },
  "app/(admin)/admin/(workspace)/callbacks/actions.ts": { completeCallbackAction: staff("callbacks.complete") },
  "app/(admin)/admin/(workspace)/experiments/actions.ts": {
    createExperimentAction: staff("experiments.manage"),
    stopExperimentAction: staff("experiments.manage"),
    shipExperimentAction: staff("experiments.manage"),
  },
  "app/(admin)/admin/(workspace)/plans/actions.ts": { createPlanAction: staff("plans.manage") },
  "app/(admin)/admin/(workspace)/risk/actions.ts": {
    markRiskContactedAction: staff("risk.contact"),
    updateRiskWarningAction: staff("risk.manage"),
    retrainRiskModelAction: staff("risk.manage"),
  },
  "app/(admin)/admin/(workspace)/complaints/[id]/actions.ts": {
    claimAction: staff("complaint.claim", "complaint"),
    assignAction: staff("complaint.assign", "complaint"),
    replyAction: staff("complaint.reply", "complaint"),
    noteAction: staff("complaint.note", "complaint"),
    requestInfoAction: staff("complaint.request_info", "complaint"),
    escalateAction: staff("complaint.escalate", "complaint"),
    resolveAction: staff("complaint.resolve", "complaint"),
    closeAction: staff("complaint.close", "complaint"),
    reopenAction: staff("complaint.reopen", "complaint"),
    qaReviewAction: staff("qa.review", "complaint"),
    revealContactAction: staff("contact.reveal", "complaint"),
    revokeH5SessionAction: staff("customer.sessions", "complaint"),
  },
  "app/(admin)/admin/(workspace)/knowledge/actions.ts": {
    saveFaqAction: staff("knowledge.edit"),
    saveTemplateAction: staff("knowledge.edit"),
    reviewCaseAction: staff("knowledge.review_cases"),
  },
  "app/(admin)/admin/(workspace)/settings/channels/actions.ts": {
    saveChannelAction: staff("settings.channels"),
    testChannelAction: staff("settings.channels"),
    resendDeliveryAction: staff("settings.channels"),
  },
  "app/(admin)/admin/(workspace)/settings/limits/actions.ts": {
    updateCompensationLimitsAction: staff("settings.limits"),
    updateRateLimitsAction: staff("settings.limits"),
    updateRatingSettingsAction: staff("settings.limits"),
  },
  "app/(admin)/admin/(workspace)/settings/sla/actions.ts": {
    updateSlaPoliciesAction: staff("settings.sla"),
    updateVipChannelAction: staff("settings.sla"),
  },
  "app/(admin)/admin/(workspace)/suggestions/actions.ts": {
    acknowledgeSuggestionAction: staff("suggestion.handle"),
    tagSuggestionAction: staff("suggestion.handle"),
    thankSuggestionAction: staff("suggestion.handle"),
  },
  "app/(admin)/admin/(workspace)/settings/rules/actions.ts": { rulesAction: staff("settings.rules") },
  "app/(admin)/admin/(workspace)/settings/team/actions.ts": {
    inviteStaffAction: staff("settings.team"),
    updateStaffAction: staff("settings.team"),
    resetPasswordAction: staff("settings.team"),
    setAccountManagerAction: staff("settings.team"),
    createGroupAction: staff("settings.team"),
    updateGroupAction: staff("settings.team"),
  },
  "app/(admin)/admin/sign-in/set-password/actions.ts": {
    setPasswordAction: {
      who: "signed",
      by: "staff-token",
      why: "sets the password of the account a live one-time link belongs to, and uses the link up",
    },
  },
  "app/(admin)/admin/(workspace)/workflows/actions.ts": {
    replayRunAction: staff("workflows.manage"),
    cancelRunAction: staff("workflows.manage"),
    runNowAction: staff("workflows.manage"),
  },
  "app/(h5)/h5/actions.ts": {
    // The order is optional; when named it must be one the session was opened for.
    submitSuggestionAction: h5("order"),
    submitRatingAction: h5("order"),
    setLocaleAction: {
      who: "public",
      why: "sets the caller's own language cookie (one of the supported locales), nothing else",
    },
    answerAction: h5("complaint"),
    confirmAction: h5("complaint"),
    rejectAction: h5("complaint"),
    claimCompensationAction: h5("complaint"),
    surveyAction: h5("complaint"),
    faqSolvedAction: h5("order"),
  },
} as const satisfies Record<string, Record<string, Access>>;

/** app/**\/page.tsx → who. */
export const PAGES = {
  "app/(admin)/admin/(workspace)/page.tsx": staff("page.dashboard"),
  "app/(admin)/admin/(workspace)/alerts/page.tsx": staff("page.alerts"),
  "app/(admin)/admin/(workspace)/audit/page.tsx": staff("page.audit"),
  "app/(admin)/admin/(workspace)/callbacks/page.tsx": staff("page.callbacks"),
  "app/(admin)/admin/(workspace)/experiments/page.tsx": staff("page.experiments"),
  "app/(admin)/admin/(workspace)/experiments/[id]/page.tsx": staff("page.experiments"),
  "app/(admin)/admin/(workspace)/plans/page.tsx": staff("page.plans"),
  "app/(admin)/admin/(workspace)/plans/[id]/page.tsx": staff("page.plans"),
  "app/(admin)/admin/(workspace)/risk/page.tsx": staff("page.risk"),
  "app/(admin)/admin/(workspace)/complaints/page.tsx": staff("page.queue"),
  "app/(admin)/admin/(workspace)/complaints/[id]/page.tsx": staff("page.complaint", "complaint"),
  "app/(admin)/admin/(workspace)/knowledge/page.tsx": staff("page.knowledge"),
  "app/(admin)/admin/(workspace)/knowledge/faq/page.tsx": staff("page.knowledge"),
  "app/(admin)/admin/(workspace)/knowledge/templates/page.tsx": staff("page.knowledge"),
  "app/(admin)/admin/(workspace)/outbox/page.tsx": staff("page.outbox"),
  "app/(admin)/admin/(workspace)/qa/page.tsx": staff("page.qa"),
  "app/(admin)/admin/(workspace)/reports/page.tsx": staff("page.reports"),
  "app/(admin)/admin/(workspace)/settings/page.tsx": { who: "redirect", to: "/admin/settings/sla" },
  "app/(admin)/admin/(workspace)/settings/channels/page.tsx": staff("page.settings"),
  "app/(admin)/admin/(workspace)/settings/limits/page.tsx": staff("page.settings"),
  "app/(admin)/admin/(workspace)/settings/sla/page.tsx": staff("page.settings"),
  "app/(admin)/admin/(workspace)/settings/team/page.tsx": staff("page.team"),
  "app/(admin)/admin/(workspace)/settings/rules/page.tsx": staff("page.rules"),
  "app/(admin)/admin/(workspace)/suggestions/page.tsx": staff("page.suggestions"),
  "app/(admin)/admin/(workspace)/ratings/page.tsx": staff("page.ratings"),
  "app/(admin)/admin/(workspace)/workflows/page.tsx": staff("page.workflows"),
  "app/(admin)/admin/(workspace)/workflows/[runId]/page.tsx": staff("page.workflows"),
  "app/(admin)/admin/sign-in/page.tsx": { who: "public", why: "the staff sign-in form" },
  "app/(admin)/admin/sign-in/set-password/page.tsx": {
    who: "signed",
    by: "staff-token",
    why: "shows whose account a live one-time link is for, and the form to set its password",
  },
  "app/(h5)/h5/page.tsx": h5("session"),
  "app/(h5)/h5/complaints/page.tsx": h5("session"),
  "app/(h5)/h5/complaints/[id]/page.tsx": h5("complaint"),
  "app/(h5)/h5/orders/[orderNo]/new/page.tsx": h5("order"),
  "app/(h5)/h5/orders/[orderNo]/rate/page.tsx": h5("order"),
  "app/(h5)/h5/suggestions/new/page.tsx": h5("session"),
  "app/(h5)/h5/switch/page.tsx": {
    who: "signed",
    by: "h5-link",
    why: "previews the pending signed link (httpOnly cookie set by /h5/enter) before switching customer",
  },
  "app/page.tsx": { who: "redirect", to: "/h5" },
} as const satisfies Record<string, Access>;

export type RouteFile = keyof typeof ROUTES;
export type ActionFile = keyof typeof ACTIONS;
export type PageFile = keyof typeof PAGES;

/** `app/(admin)/admin/(workspace)/complaints/[id]/page.tsx` → `/admin/complaints/[id]`: route groups dropped. */
export function urlPattern(file: string): string {
  if (file.startsWith("pages/")) return file.replace(/^pages/, "").replace(/(\/index)?\.tsx?$/, "") || "/";
  const segments = file
    .replace(/^app\//, "")
    .split("/")
    .slice(0, -1)
    .filter((segment) => !/^\(.*\)$/.test(segment));
  return `/${segments.join("/")}`;
}

/** The export that handles `method`: the method's own name in app/, the default export in pages/api/. */
export function routeExport(file: string, method: HttpMethod): string {
  return file.startsWith("pages/") ? "default" : method;
}

/** Every (file, method, access) of ROUTES, flattened. */
export function routeEntries(): { file: RouteFile; method: HttpMethod; access: Access }[] {
  return Object.entries(ROUTES).flatMap(([file, methods]) =>
    Object.entries(methods).map(([method, access]) => ({
      file: file as RouteFile,
      method: method as HttpMethod,
      access: access as Access,
    })),
  );
}

/** Every (file, export, access) of ACTIONS, flattened. */
export function actionEntries(): { file: ActionFile; name: string; access: Access }[] {
  return Object.entries(ACTIONS).flatMap(([file, actions]) =>
    Object.entries(actions).map(([name, access]) => ({ file: file as ActionFile, name, access: access as Access })),
  );
}

export function pageEntries(): { file: PageFile; access: Access }[] {
  return Object.entries(PAGES).map(([file, access]) => ({ file: file as PageFile, access: access as Access }));
}
