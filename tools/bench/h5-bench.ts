import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { issueH5Link } from "../../lib/auth/issue-h5-link";
import { openH5Link } from "../../lib/auth/open-h5-link";
import { H5_SESSION_COOKIE } from "../../lib/auth/h5-session-store";
import { CATEGORIES } from "../../lib/complaints/vocabulary/taxonomy";
import type { Db } from "../../lib/db-client";
import { summary, type LoadResult } from "./http-bench";
import { sampleTexts } from "./triage-bench";

/** A customer signed in on the H5 the way a link from the shop signs them in: one order in scope. */
export type H5Customer = { orderNo: string; cookie: string; address: string };

/**
 * Customers for the H5 bench: each order's link issued and opened through the same functions the
 * app uses (lib/auth), so every session is a real one. Each customer gets an address of their own
 * (as a reverse proxy would pass it in X-Forwarded-For): the per-address and per-customer intake
 * limits stay the app's defaults, and the bench offers each customer fewer complaints than its
 * limit.
 */
export async function openH5Customers({
  db,
  orderNos,
  secret,
  appUrl,
}: {
  db: Db;
  orderNos: string[];
  secret: string;
  appUrl: string;
}): Promise<H5Customer[]> {
  const customers: H5Customer[] = [];
  for (const [i, orderNo] of orderNos.entries()) {
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const { url } = await issueH5Link({
      db,
      orderNo,
      entry: "order_detail",
      appUrl,
      secret,
      ttlHours: 24,
      issuedBy: { type: "system" },
      via: "shop_api",
    });
    const token = new URL(url).searchParams.get("t")!;
    const opened = await openH5Link({ db, token, secret, current: null, client: { userAgent: "bench", address } });
    if (opened.kind !== "signed_in" || !opened.session)
      throw new Error(`H5 link for ${orderNo}: ${opened.kind === "refused" ? opened.code : opened.kind}`);
    customers.push({ orderNo, cookie: `${H5_SESSION_COOKIE}=${opened.session.secret}`, address });
  }
  return customers;
}

/** The H5 form's submit action, as the build names it, and the page that uses it. */
function submitAction(): { id: string; page: string } {
  const manifest = JSON.parse(
    readFileSync(join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === "app/(h5)/h5/actions.ts" && entry.exportedName === "submitComplaintAction",
  );
  if (!found) throw new Error("submitComplaintAction is not in the build's server-reference manifest");
  return { id: found[0], page: "/h5/orders/{orderNo}/new" };
}

/**
 * The body Next's client sends for `formAction(formData)` under useActionState: React's
 * encodeReply of `[previousState, formData]` — the form's fields as parts `_1_<name>` and part
 * "0" (last, as React sends it) holding the argument list.
 */
function multipart({ boundary, fields }: { boundary: string; fields: Record<string, string> }): string {
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return (
    Object.entries(fields)
      .map(([name, value]) => part(`_1_${name}`, value))
      .join("") +
    part("0", JSON.stringify([{}, "$K1"])) +
    `--${boundary}--\r\n`
  );
}

/**
 * The H5 submit path under `connections` concurrent customers: the server action the complaint
 * form calls (session, validation, intake limits, the same createComplaint as the shop's API),
 * answered as the form is: the action redirects to the new complaint's page and Next renders that
 * page into the same answer (one round trip for the customer, two renders for the server).
 * Each request is a new complaint from the next customer in turn.
 */
export async function benchH5Submit({
  url,
  customers,
  connections = 50,
  seconds = 40,
  warmupSeconds = 20,
  refusedForm = false,
}: {
  url: string;
  customers: H5Customer[];
  /**
   * Send a type that does not exist: the action checks the session and the fields and answers the
   * form's message, filing nothing and rendering no page — what the path costs before intake.
   */
  refusedForm?: boolean;
  connections?: number;
  seconds?: number;
  warmupSeconds?: number;
}): Promise<{ submit: LoadResult; submitted: number; refused: number }> {
  const { id, page } = submitAction();
  const texts = sampleTexts(500, 3);
  const origin = new URL(url).origin;
  let n = 0;
  // A refusal (an intake limit, a validation error) is still a 200 carrying the form's message;
  // only a filed complaint redirects.
  let refused = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections,
      duration,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const customer = customers[n % customers.length]!;
            const boundary = `----kesu${randomUUID().replaceAll("-", "")}`;
            const body = multipart({
              boundary,
              fields: {
                orderNo: customer.orderNo,
                submissionId: randomUUID(),
                category: refusedForm ? "no.such.type" : CATEGORIES[n % CATEGORIES.length]!,
                description: texts[n % texts.length]!,
              },
            });
            n += 1;
            return {
              ...request,
              path: page.replace("{orderNo}", encodeURIComponent(customer.orderNo)),
              headers: {
                "next-action": id,
                accept: "text/x-component",
                origin,
                cookie: customer.cookie,
                "x-forwarded-for": customer.address,
                "content-type": `multipart/form-data; boundary=${boundary}`,
              },
              body,
            };
          },
          onResponse: (status, _body, _context, headers) => {
            if (status !== 200 || !headers?.["x-action-redirect"]) refused += 1;
          },
        },
      ],
    });
  await run(warmupSeconds);
  const before = n;
  refused = 0;
  const measured = await run(seconds);
  return { submit: summary(measured), submitted: n - before, refused };
}
