import { checkBearer } from "../auth/bearer-token";
import { db } from "../db";
import { getEnv } from "../env";
import { enforceRateLimit, pendingHit, type PendingHit } from "../rate-limit/consume-rate-limit";
import { AppError } from "../errors";
import { localeFromAcceptLanguage, type Locale } from "../i18n/config";
import { timed } from "../metrics/registry";
import { problemResponse } from "./problem";

const MAX_JSON_BYTES = 256 * 1024;

/** The shop's backend authenticates with one bearer key (compared in constant time); answers the key's digest. */
function requireShopKey(request: Request): string {
  const key = checkBearer({ request, secret: getEnv().SHOP_API_KEY });
  if (!key) throw new AppError("unauthorized");
  return key;
}

const bodyTooLong = () =>
  new AppError("validation_failed", { fields: [{ path: "", code: "too_long", params: { max: MAX_JSON_BYTES } }] });

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header of a retryable write: required, printable ASCII, at most 255 characters. */
export function requireIdempotencyKey(request: Request): string {
  const key = request.headers.get("idempotency-key");
  if (!key || !IDEMPOTENCY_KEY.test(key)) throw new AppError("idempotency_key_missing");
  return key;
}

export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError("unsupported_media_type");
  // A declared length over the limit is refused before a byte of the body is read.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BYTES) throw bodyTooLong();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw bodyTooLong();
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("malformed_json");
  }
}

type Handler<P, I> = (input: {
  request: Request;
  params: P;
  locale: Locale;
  body: I;
  /** The shop key's rate-limit hit for a route that counts it itself (`countsOwnHit`): it must reach that route's first statement. */
  ownHit: PendingHit | undefined;
}) => Promise<Response>;

/**
 * Every /api/v1 route: the API key is checked before anything else runs, then the request is read
 * and validated (`readBody`, when the route has one), then the key's rate limit (429 with
 * Retry-After); expected errors become problem+json in the caller's language, unexpected ones a
 * logged 500 without details. Timed under `route` (the pattern, e.g. /api/v1/orders/{orderNo})
 * for /api/metrics.
 *
 * The order is what makes bad requests cheap: an unauthenticated flood is answered 401, and a
 * malformed one 4xx, before any database work — not even the rate limit's write. A route that
 * counts the hit itself in its first statement (`countsOwnHit`: intake, one round trip less) is
 * handed it as `ownHit` and must pass it there.
 */
export function shopRoute<P = Record<string, never>, I = undefined>(
  route: string,
  handler: Handler<P, I>,
  readBody?: (request: Request) => Promise<I>,
  { countsOwnHit = false }: { countsOwnHit?: boolean } = {},
) {
  return timed(route, async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const locale = localeFromAcceptLanguage(request.headers.get("accept-language"));
    try {
      const key = requireShopKey(request);
      const body = (readBody ? await readBody(request) : undefined) as I;
      const rule = "shop_api_key";
      const ownHit = countsOwnHit ? await pendingHit({ db, rule, subject: key }) : undefined;
      if (!countsOwnHit) await enforceRateLimit({ db, rule, subject: key });
      return await handler({ request, params: await context.params, locale, body, ownHit });
    } catch (error) {
      return problemResponse(error, locale);
    }
  });
}
