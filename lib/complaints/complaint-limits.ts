/**
 * Limits the H5 form also checks in the browser. Kept apart from the zod schemas so the form's
 * bundle carries no zod (zod probes `new Function`, which the CSP refuses).
 */
export const MAX_DESCRIPTION = 300;
