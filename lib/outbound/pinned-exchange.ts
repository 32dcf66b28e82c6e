import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "./resolve-target";

export type OutboundAnswer = { ok: true; status: number; headers: IncomingHttpHeaders; text: string };
export type OutboundFailure = { ok: false; error: string; retryable: boolean };

/**
 * A socket lookup that answers with the addresses already checked and never asks DNS again.
 * Node asks for all addresses when it may try several (autoSelectFamily), else for one.
 */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all)
      return callback(
        null,
        addresses.map(({ address, family }) => ({ address, family })),
      );
    callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}

/** A failed connection's reason for admins: the system's error code when there is one. */
export function networkFailure(error: unknown): OutboundFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return {
    ok: false,
    error: `network error (${code ?? (error instanceof Error ? error.message : String(error))})`,
    retryable: true,
  };
}

/**
 * One HTTP exchange over a fresh connection to the checked addresses: the URL's host still goes
 * in the Host header and as the TLS server name, so certificates are verified against the name.
 * No redirect is followed (a 3xx is refused: its target was never checked), the answer is cut
 * off beyond `maxBytes`, and the whole exchange ends after `timeoutMs`.
 */
export function pinnedExchange({
  url,
  addresses,
  method,
  headers,
  body,
  timeoutMs,
  maxBytes,
}: {
  url: URL;
  addresses: ResolvedAddress[];
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
}): Promise<OutboundAnswer | OutboundFailure> {
  return new Promise((settle) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const finish = (result: OutboundAnswer | OutboundFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request?.destroy();
      settle(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: "TimeoutError", retryable: true }),
      Math.max(timeoutMs, 0),
    );
    const tooLarge: OutboundFailure = { ok: false, error: "response too large", retryable: false };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const withLength =
      body === undefined || Object.keys(headers).some((name) => name.toLowerCase() === "content-length")
        ? headers
        : { ...headers, "content-length": String(Buffer.byteLength(body)) };
    try {
      // agent: false — no pooled connection, so each request goes to the addresses checked for it.
      request = send(
        url,
        { method, headers: withLength, lookup: pinnedLookup(addresses), agent: false },
        (response) => {
          response.on("error", (error) => finish(networkFailure(error)));
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400) return finish({ ok: false, error: "redirect refused", retryable: false });
          if (Number(response.headers["content-length"]) > maxBytes) return finish(tooLarge);
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) return finish(tooLarge);
            chunks.push(chunk);
          });
          response.on("end", () =>
            finish({ ok: true, status, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }),
          );
        },
      );
    } catch (error) {
      // Thrown before any connection, e.g. a header value with a line break: configuration, not the network.
      return finish({
        ok: false,
        error: `invalid request (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        retryable: false,
      });
    }
    request.on("error", (error) => finish(networkFailure(error)));
    request.end(body);
  });
}
