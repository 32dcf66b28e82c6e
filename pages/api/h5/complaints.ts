import { h5NodeRoute } from "@/lib/api/h5-node-route";
import type { JsonAnswer } from "@/lib/api/problem";
import { readJsonBody } from "@/lib/api/shop-route";
import { assertOrderInScope } from "@/lib/auth/h5-scope";
import { h5ComplaintSchema } from "@/lib/complaints/complaint-schemas";
import { fileH5Complaint } from "@/lib/complaints/file-h5-complaint";
import { appKeyring } from "@/lib/crypto/app-key";
import { rememberCustomerLocale } from "@/lib/customers/remember-locale";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { parseInput } from "@/lib/validation";

/**
 * POST /api/h5/complaints: the H5 complaint form, sent by the form's script (components/h5/complaint-form.tsx).
 * fileH5Complaint, with its intake limits and its submission id against double taps. Until
 * 2026-12-03 this was a server action; it is a Pages Router route for the reason intake is one (the
 * H5's own share of a flash sale's wave; lib/api/node-route.ts). It answers 201 with where the
 * complaint is, and the form's script opens it; the action's redirect made Next render that page
 * inside the answer, by requesting it from the server itself (README, "Against issue 14's goals").
 * The form never worked without its script (its action is a client function), so nothing is lost.
 */

// The route reads its own body (readJsonBody: content type, size limit, translated errors).
export const config = { api: { bodyParser: false } };

export default h5NodeRoute({
  route: "/api/h5/complaints",
  method: "POST",
  readBody: async (request) => parseInput(h5ComplaintSchema, await readJsonBody(request)),
  handler: async ({ session, body: fields, locale, request }): Promise<JsonAnswer> => {
    // Only an order this session was opened for (fileH5Complaint then checks it is the customer's).
    assertOrderInScope(session.principal, fields.orderNo);
    const customer = session.customer;
    await rememberCustomerLocale({ db, customerId: customer.id, locale, known: customer.locale });
    const { id } = await fileH5Complaint({
      db,
      customerId: customer.id,
      address: clientAddress(request.headers),
      fields,
      keyring: appKeyring(),
      shopRefunds: Boolean(getEnv().SHOP_REFUND_URL),
    });
    return { status: 201, headers: { "cache-control": "no-store" }, body: { id, location: `/h5/complaints/${id}` } };
  },
});
