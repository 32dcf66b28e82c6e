import { randomUUID } from "node:crypto";
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

/**
 * The H5 submit path under `connections` concurrent customers: what the complaint form's script
 * sends (components/h5/post-h5-complaint.ts) to POST /api/h5/complaints — the session, the Origin,
 * validation, the intake limits and the same createComplaint as the shop's API. Each request is a
 * new complaint from the next customer in turn.
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
  connections?: number;
  seconds?: number;
  warmupSeconds?: number;
  /**
   * Send a type that does not exist: the route checks the session, the Origin and the fields and
   * answers 422, filing nothing — what the path costs before intake.
   */
  refusedForm?: boolean;
}): Promise<{ submit: LoadResult; submitted: number; refused: number }> {
  const texts = sampleTexts(500, 3);
  const origin = new URL(url).origin;
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url: `${url}/api/h5/complaints`,
      connections,
      duration,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const customer = customers[n % customers.length]!;
            const body = JSON.stringify({
              orderNo: customer.orderNo,
              submissionId: randomUUID(),
              category: refusedForm ? "no.such.type" : CATEGORIES[n % CATEGORIES.length]!,
              description: texts[n % texts.length]!,
              imageIds: [],
            });
            n += 1;
            return {
              ...request,
              headers: {
                "content-type": "application/json",
                origin,
                cookie: customer.cookie,
                "x-forwarded-for": customer.address,
              },
              body,
            };
          },
        },
      ],
    });
  await run(warmupSeconds);
  const before = n;
  const measured = await run(seconds);
  return { submit: summary(measured), submitted: n - before, refused: measured.non2xx };
}

/**
 * What the customer opens next: the new complaint's page, as the form's script asks for it
 * (router.push: the page's RSC payload), each customer their own complaint.
 */
export async function benchH5Page({
  url,
  pages,
  connections = 50,
  seconds = 40,
}: {
  url: string;
  pages: { path: string; cookie: string }[];
  connections?: number;
  seconds?: number;
}): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => {
          const page = pages[n++ % pages.length]!;
          return { ...request, path: `${page.path}?_rsc`, headers: { rsc: "1", cookie: page.cookie } };
        },
      },
    ],
  });
  return summary(result);
}
