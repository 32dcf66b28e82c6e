import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../errors";
import { timed } from "../metrics/registry";
import { localeFromAcceptLanguage } from "../i18n/config";
import { problemAnswer, type JsonAnswer } from "./problem";
import { answerShopRequest, MAX_JSON_BYTES, type ApiRequest, type ShopHandler } from "./shop-route";

// decode() without { stream } keeps no state between calls, so one decoder serves every request.
const utf8 = new TextDecoder();

/**
 * A Node request seen as an ApiRequest: headers by name, the body as text, decoded as a web
 * Request's text() decodes it (UTF-8, a leading byte-order mark dropped). At most `maxBodyBytes`
 * + 1 bytes are kept (the rest is read and dropped), so a body without a declared length cannot
 * fill the heap; the caller sees a text over its limit and refuses it. A body the client stops
 * sending (it closes or resets the connection first) is malformed_json: it is not the JSON it
 * began, and nobody is left to read the answer.
 */
function nodeRequestView(request: IncomingMessage, { maxBodyBytes }: { maxBodyBytes: number }): ApiRequest {
  return {
    method: request.method ?? "GET",
    headers: {
      get(name) {
        const value = request.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: () =>
      new Promise<string>((resolve, reject) => {
        // Read once, as a web Request's body.
        if (request.readableEnded) return reject(new TypeError("the body has already been read"));
        // Gone before the route got here: no 'error' or 'end' will come.
        if (request.destroyed) return reject(new AppError("malformed_json"));
        const chunks: Buffer[] = [];
        let kept = 0;
        request.on("data", (chunk: Buffer) => {
          if (kept > maxBodyBytes) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        request.on("end", () => resolve(utf8.decode(Buffer.concat(chunks))));
        request.on("error", () => reject(new AppError("malformed_json")));
        // Before 'end', the client left. After it (every request's close) nothing is left to settle,
        // and no error is made: an AppError's stack trace was 2 % of intake's CPU in a profile.
        request.on("close", () => {
          if (!request.readableEnded) reject(new AppError("malformed_json"));
        });
      }),
  };
}

/** Writes a JSON answer: the status, its headers, the body serialised once. */
function sendJson(response: ServerResponse, { status, headers, body }: JsonAnswer): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    ...headers,
    "content-length": String(Buffer.byteLength(text)),
  });
  response.end(text);
}

/**
 * A Pages Router API handler (Node's request and response) for one method: OPTIONS answered as
 * App Router answers it for a route that does not export it, any other method a translated 405
 * with Allow, the request timed under `route` (as every App Router route is) and `answer`'s JSON
 * written. Next's body parser must be off for the route (`config.api.bodyParser = false`): the
 * answer reads the body itself, kept to MAX_JSON_BYTES.
 */
export function nodeRoute({
  route,
  method,
  answer,
}: {
  route: string;
  method: "POST";
  answer: (request: ApiRequest) => Promise<JsonAnswer>;
}) {
  const timedAnswer = timed(route, (request: ApiRequest): Promise<JsonAnswer> => {
    if (request.method !== method) {
      const locale = localeFromAcceptLanguage(request.headers.get("accept-language"));
      const refused = problemAnswer(new AppError("method_not_allowed"), locale);
      return Promise.resolve({ ...refused, headers: { ...refused.headers, allow: `OPTIONS, ${method}` } });
    }
    return answer(request);
  });
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method === "OPTIONS") {
      response.writeHead(204, { allow: `OPTIONS, ${method}` }).end();
      return;
    }
    sendJson(response, await timedAnswer(nodeRequestView(request, { maxBodyBytes: MAX_JSON_BYTES })));
  };
}

/**
 * An /api/v1 route as a Pages Router API handler, for the one route that takes the shop's traffic
 * in waves: complaint intake. Next's App Router wraps each request in a web Request with a body
 * stream and an abort signal, and turns the Response back into Node's; on this 2-core machine that
 * alone costs about as much of the event loop as intake's own work (a bare GET answered 874–959
 * requests/s on App Router, 1 948–2 159 here; README, "Against issue 14's goals"). Everything else
 * is answerShopRequest's, as for every other /api/v1 route: key first, then body, then rate limit,
 * errors as translated problem+json.
 */
export function shopNodeRoute<I>({
  route,
  method,
  handler,
  readBody,
  countsOwnHit = false,
}: {
  route: string;
  method: "POST";
  handler: ShopHandler<ApiRequest, Record<string, never>, I, JsonAnswer>;
  readBody?: (request: ApiRequest) => Promise<I>;
  countsOwnHit?: boolean;
}) {
  return nodeRoute({
    route,
    method,
    answer: (request) =>
      answerShopRequest({
        request,
        params: Promise.resolve({}),
        handler,
        readBody,
        countsOwnHit,
        problem: problemAnswer,
      }),
  });
}
