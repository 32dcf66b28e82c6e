import { createHmac } from "node:crypto";
import { privateTargetsAllowed } from "../outbound/address-policy";
import { outboundRequest } from "../outbound/outbound-request";

type RefundRequest = {
  idempotencyKey: string;
  orderNo: string;
  amount: string;
  complaintId: string;
  compensationId: string;
};
type RefundOutcome = { ok: true; refundId: string } | { ok: false; retryable: boolean; error: string };
export type ShopRefundClient = { refund: (request: RefundRequest) => Promise<RefundOutcome> };

export const SIGNATURE_HEADER = "x-kesu-signature";
export const TIMESTAMP_HEADER = "x-kesu-timestamp";

/** The signature the shop checks: hex HMAC-SHA256 over `${timestamp}.${body}` with the shared secret. */
export function signRefundBody({
  secret,
  timestamp,
  body,
}: {
  secret: string;
  timestamp: string;
  body: string;
}): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/**
 * Calls the shop's refund endpoint through the guarded outbound client (SHOP_REFUND_URL is
 * configuration, so a private or loopback target is refused like any webhook's, unless private
 * targets are allowed): signed, with the compensation's idempotency key (so retries and repeats
 * refund once), a timeout per attempt, and retries with exponential backoff on network errors,
 * timeouts, 429 and 5xx. Other 4xx answers, a refused URL and a redirect are final.
 */
export function shopRefundClient({
  url,
  secret,
  timeoutMs = 5000,
  attempts = 3,
  backoffMs = 500,
}: {
  url: string;
  secret: string;
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
}): ShopRefundClient {
  return {
    async refund(request) {
      const body = JSON.stringify({
        orderNo: request.orderNo,
        amount: request.amount,
        complaintId: request.complaintId,
        compensationId: request.compensationId,
      });
      let last: RefundOutcome = { ok: false, retryable: true, error: "not attempted" };
      for (let attempt = 0; attempt < attempts; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
        const timestamp = String(Date.now());
        const answer = await outboundRequest({
          url,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "idempotency-key": request.idempotencyKey,
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signRefundBody({ secret, timestamp, body }),
          },
          body,
          timeoutMs,
          allowPrivate: privateTargetsAllowed(),
        });
        if (!answer.ok) {
          last = answer;
          if (!answer.retryable) return last;
          continue;
        }
        if (answer.status >= 200 && answer.status <= 299)
          return { ok: true, refundId: refundIdIn(answer.text) ?? request.idempotencyKey };
        const retryable = answer.status === 429 || answer.status >= 500;
        last = { ok: false, retryable, error: `HTTP ${answer.status}` };
        if (!retryable) return last;
      }
      return last;
    },
  };
}

/** The shop's refund id from its JSON answer, if it sent one. */
function refundIdIn(text: string): string | null {
  try {
    const data = JSON.parse(text) as { refundId?: unknown } | null;
    return typeof data?.refundId === "string" ? data.refundId : null;
  } catch {
    return null;
  }
}

/** The gateway client when the shop's refund endpoint is configured (URL and secret), else null. */
export function configuredShopRefundClient(env: {
  SHOP_REFUND_URL?: string;
  SHOP_REFUND_SECRET?: string;
}): ShopRefundClient | null {
  return env.SHOP_REFUND_URL && env.SHOP_REFUND_SECRET
    ? shopRefundClient({ url: env.SHOP_REFUND_URL, secret: env.SHOP_REFUND_SECRET })
    : null;
}
