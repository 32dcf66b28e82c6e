import { randomUUID } from "node:crypto";
import { asRetryableDbError } from "../db-client";
import { isAppError } from "../errors";
import type { Locale } from "../i18n/config";
import { translatorFor } from "../i18n/translator";

/** A JSON answer before it is a Response: what the Node route (lib/api/node-route.ts) writes itself. */
export type JsonAnswer = { status: number; headers: Record<string, string>; body: unknown };

/** RFC 9457 problem details; `errors` lists invalid fields with a translated message each. */
export function problemResponse(thrown: unknown, locale: Locale): Response {
  const { status, headers, body } = problemAnswer(thrown, locale);
  return Response.json(body, { status, headers });
}

/** problemResponse's status, headers and body, for a route that writes its own response. */
export function problemAnswer(thrown: unknown, locale: Locale): JsonAnswer {
  const error = asRetryableDbError(thrown);
  const t = translatorFor(locale);
  const tr = t as unknown as (key: string, params?: Record<string, string | number>) => string;
  if (isAppError(error)) {
    const body = {
      type: `urn:kesu:problem:${error.code}`,
      title: tr(`errors.${error.code}`, error.params),
      status: error.status,
      code: error.code,
      ...(error.fields.length > 0
        ? {
            errors: error.fields.map((field) => ({
              field: field.path,
              code: field.code,
              message: tr(`fields.${field.code}`, field.params),
            })),
          }
        : {}),
    };
    const retry: Record<string, string> =
      error.retryAfterSeconds === undefined ? {} : { "retry-after": String(error.retryAfterSeconds) };
    return {
      status: error.status,
      headers: { "content-type": "application/problem+json", "content-language": locale, ...retry },
      body,
    };
  }
  // Unexpected: the details go to the log under an id, the caller gets only the id.
  const id = randomUUID().slice(0, 8);
  console.error(`[api] unexpected error ${id}`, error);
  return {
    status: 500,
    headers: { "content-type": "application/problem+json" },
    body: { type: "urn:kesu:problem:internal", title: tr("errors.internal", { id }), status: 500, code: "internal" },
  };
}
