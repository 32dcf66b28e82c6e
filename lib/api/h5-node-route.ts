import { findH5Session, H5_SESSION_COOKIE, type H5Session } from "../auth/h5-session-store";
import { isSameOriginPost } from "../auth/same-origin-post";
import { db } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { LOCALE_COOKIE, type Locale } from "../i18n/config";
import { chosenLocale } from "../i18n/chosen-locale";
import { nodeRoute } from "./node-route";
import { problemAnswer, type JsonAnswer } from "./problem";
import type { ApiRequest } from "./shop-route";

/** One cookie's value from a Cookie header (first occurrence), or undefined. */
function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * A customer's H5 form posted to a Pages Router API route (lib/api/node-route.ts says why such a
 * route is cheaper than App Router's). In this order, before the handler runs: the H5 session from
 * its cookie (401 session_required), the request's Origin must be our own (403: the cookie is
 * SameSite=None in the shop app's frame, so another site could otherwise post as the customer),
 * then the body (`readBody`: validation, 4xx). Errors are problem+json in the customer's language
 * (their choice, else their browser's), as on every route.
 */
export function h5NodeRoute<I>({
  route,
  method,
  readBody,
  handler,
}: {
  route: string;
  method: "POST";
  readBody: (request: ApiRequest) => Promise<I>;
  handler: (input: { session: H5Session; body: I; locale: Locale; request: ApiRequest }) => Promise<JsonAnswer>;
}) {
  return nodeRoute({
    route,
    method,
    answer: async (request) => {
      const cookies = request.headers.get("cookie");
      const locale = chosenLocale({
        cookie: cookieValue(cookies, LOCALE_COOKIE),
        acceptLanguage: request.headers.get("accept-language"),
      });
      try {
        const session = await findH5Session({ db, secret: cookieValue(cookies, H5_SESSION_COOKIE) });
        if (!session) throw new AppError("session_required");
        if (!isSameOriginPost(request.headers, getEnv().APP_URL)) throw new AppError("forbidden");
        const body = await readBody(request);
        return await handler({ session, body, locale, request });
      } catch (error) {
        return problemAnswer(error, locale);
      }
    },
  });
}
