import { checkBearer } from "../auth/bearer-token";
import { db } from "../db";
import { getEnv } from "../env";
import { enforceRateLimit, pendingHit, type PendingHit } from "../rate-limit/consume-rate-limit";
import { AppError } from "../errors";
import { localeFromAcceptLanguage, type Locale } from "../i18n/config";
import { timed } from "../metrics/registry";
import { problemResponse } from "./problem";

/** The largest JSON body an /api/v1 route reads. */
export const MAX_JSON_BYTES = 256 * 1024;

/**
 * What an /api/v1 route reads of a request. App Router's Request has it, and so has the view of a
 * Node request that the Pages Router intake route gets (lib/api/node-route.ts).
 */
export type ApiRequest = { method: string; headers: { get(name: string): string | null }; text(): Promise<string> };

/** The shop's backend authenticates with one bearer key (compared in constant time); answers the key's digest. */
function requireShopKey(request: ApiRequest): string {
  const key = checkBearer({ request, secret: getEnv().SHOP_API_KEY });
  if (!key) throw new AppError("unauthorized");
  return key;
}

const bodyTooLong = () =>
  new AppError("validation_failed", { fields: [{ path: "", code: "too_long", params: { max: MAX_JSON_BYTES } }] });

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header of a retryable write: required, printable ASCII, at most 255 characters. */
export function requireIdempotencyKey(request: ApiRequest): string {
  const key = request.headers.get("idempotency-key");
  if (!key || !IDEMPOTENCY_KEY.test(key)) throw new AppError("idempotency_key_missing");
  return key;
}

export async function readJsonBody(request: ApiRequest): Promise<unknown> {
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

export type ShopHandler<Q, P, I, R> = (input: {
  request: Q;
  params: P;
  locale: Locale;
  body: I;
  /** The shop key's rate-limit hit for a route that counts it itself (`countsOwnHit`): it must reach that route's first statement. */
  ownHit: PendingHit | undefined;
}) => Promise<R>;

/**
 * Every /api/v1 route: the API key is checked before anything else runs, then the request is read
 * and validated (`readBody`, when the route has one), then the key's rate limit (429 with
 * Retry-After); expected errors become problem+json in the caller's language (`problem`),
 * unexpected ones a logged 500 without details.
 *
 * The order is what makes bad requests cheap: an unauthenticated flood is answered 401, and a
 * malformed one 4xx, before any database work — not even the rate limit's write. A route that
 * counts the hit itself in its first statement (`countsOwnHit`: intake, one round trip less) is
 * handed it as `ownHit` and must pass it there.
 */
export async function answerShopRequest<Q extends ApiRequest, P, I, R>({
  request,
  params,
  handler,
  readBody,
  countsOwnHit,
  problem,
}: {
  request: Q;
  params: Promise<P>;
  handler: ShopHandler<Q, P, I, R>;
  readBody: ((request: Q) => Promise<I>) | undefined;
  countsOwnHit: boolean;
  problem: (error: unknown, locale: Locale) => R;
}): Promise<R> {
  const locale = localeFromAcceptLanguage(request.headers.get("accept-language"));
  try {
    const key = requireShopKey(request);
    const body = (readBody ? await readBody(request) : undefined) as I;
    const rule = "shop_api_key";
    const ownHit = countsOwnHit ? await pendingHit({ db, rule, subject: key }) : undefined;
    if (!countsOwnHit) await enforceRateLimit({ db, rule, subject: key });
    return await handler({ request, params: await params, locale, body, ownHit });
  } catch (error) {
    return problem(error, locale);
  }
}

/** An App Router /api/v1 route (answerShopRequest), timed under `route` (the pattern, e.g. /api/v1/orders/{orderNo}) for /api/metrics. */
export function shopRoute<P = Record<string, never>, I = undefined>(
  route: string,
  handler: ShopHandler<Request, P, I, Response>,
  readBody?: (request: Request) => Promise<I>,
  { countsOwnHit = false }: { countsOwnHit?: boolean } = {},
) {
  return timed(route, (request: Request, context: { params: Promise<P> }) =>
    answerShopRequest({ request, params: context.params, handler, readBody, countsOwnHit, problem: problemResponse }),
  );
}
