import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { translatorFor } from "../../lib/i18n/translator";
import { resetData, testDb } from "../support/db-helpers";
import { allRowCounts } from "../support/fuzz";
import { h5ApiOrigin, postH5Complaint } from "../support/h5-api";
import { signedInSession } from "../support/h5-sessions";
import { orderBody, shopApi } from "../support/shop-api";

/**
 * POST /api/h5/complaints (pages/api/h5/complaints.ts), the H5 complaint form's route, over a real
 * local HTTP server: who may post, in what order it refuses, and that a filing is exactly once.
 */
const en = translatorFor("en");
const es = translatorFor("es");

const fields = (orderNo: string, overrides: Record<string, unknown> = {}) => ({
  orderNo,
  category: "product.quality",
  description: "芒果收到时烂了两个",
  imageIds: [],
  submissionId: randomUUID(),
  ...overrides,
});

beforeEach(async () => {
  await resetData();
  await shopApi.putOrder("SO-R1", orderBody({ customer: { externalId: "R", name: "王芳", region: "上海" } }));
  await shopApi.putOrder("SO-R2", orderBody({ customer: { externalId: "R", name: "王芳", region: "上海" } }));
});

describe("POST /api/h5/complaints", () => {
  it("files the complaint once: 201 with where it is; the same submission again is the same complaint", async () => {
    const { secret, session } = await signedInSession({ orderNo: "SO-R1" });
    const sent = fields("SO-R1");
    const first = await postH5Complaint({ sessionSecret: secret, fields: sent });
    expect(first.status).toBe(201);
    expect(first.body.location).toBe(`/h5/complaints/${first.body.id}`);
    const again = await postH5Complaint({ sessionSecret: secret, fields: sent });
    expect(again).toEqual(first);
    const filed = await testDb.complaint.findMany({ include: { order: true } });
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({
      id: first.body.id,
      source: "h5",
      customerId: session.customer.id,
      category: "product.quality",
      order: { orderNo: "SO-R1" },
    });
    // The page's language became the customer's (for SMS and push).
    expect((await testDb.customer.findUniqueOrThrow({ where: { id: session.customer.id } })).locale).toBe("en");
  });

  it("refuses without a session (401), from another site's page (403), and outside the session's order, writing nothing", async () => {
    const { secret } = await signedInSession({ orderNo: "SO-R1" });
    const rows = await allRowCounts();
    const anonymous = await postH5Complaint({ fields: fields("SO-R1") });
    expect(anonymous).toMatchObject({
      status: 401,
      body: { code: "session_required", title: en("errors.session_required") },
    });
    const forged = await postH5Complaint({
      sessionSecret: secret,
      fields: fields("SO-R1"),
      headers: { origin: "https://attacker.example" },
    });
    expect(forged).toMatchObject({ status: 403, body: { code: "forbidden" } });
    const noOrigin = await postH5Complaint({
      sessionSecret: secret,
      fields: fields("SO-R1"),
      headers: { origin: "null" },
    });
    expect(noOrigin.status).toBe(403);
    // The same customer's other order, which this session was not opened for.
    const elsewhere = await postH5Complaint({ sessionSecret: secret, fields: fields("SO-R2") });
    expect(elsewhere).toMatchObject({ body: { code: "order_out_of_scope", title: en("errors.order_out_of_scope") } });
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(elsewhere.status).toBeLessThan(500);
    expect(await allRowCounts()).toEqual(rows);
  });

  it("answers bad input in the customer's language with the field at fault, writing nothing", async () => {
    const { secret } = await signedInSession({ orderNo: "SO-R1" });
    const rows = await allRowCounts();
    const noType = await postH5Complaint({
      sessionSecret: secret,
      fields: fields("SO-R1", { category: "" }),
      headers: { "accept-language": "es" },
    });
    expect(noType.status).toBe(422);
    expect(noType.body.title).toBe(es("errors.validation_failed"));
    expect(noType.body.errors?.map((e) => e.field)).toEqual(["category"]);
    const tr = es as unknown as (key: string) => string;
    expect(noType.body.errors?.[0]?.message).toBe(tr(`fields.${noType.body.errors![0]!.code}`));
    // The locale cookie (the H5's language switcher) wins over the browser's language.
    const tooLong = await postH5Complaint({
      sessionSecret: secret,
      fields: fields("SO-R1", { description: "烂".repeat(301) }),
      headers: { "accept-language": "es", cookie: `kesu_h5=${secret}; NEXT_LOCALE=zh-CN` },
    });
    expect(tooLong).toMatchObject({ status: 422, body: { errors: [{ field: "description", code: "too_long" }] } });
    expect(tooLong.body.title).toBe(translatorFor("zh-CN")("errors.validation_failed"));
    const origin = await h5ApiOrigin();
    const post = (init: RequestInit) =>
      fetch(`${origin}/api/h5/complaints`, {
        ...init,
        headers: { origin, cookie: `kesu_h5=${secret}`, "accept-language": "en", ...(init.headers ?? {}) },
      });
    const broken = await post({ method: "POST", headers: { "content-type": "application/json" }, body: '{"orderNo":' });
    expect(broken.status).toBe(400);
    const form = await post({ method: "POST", headers: { "content-type": "text/plain" }, body: "orderNo=SO-R1" });
    expect(form.status).toBe(415);
    const get = await post({ method: "GET" });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("OPTIONS, POST");
    expect(await allRowCounts()).toEqual(rows);
  });

  it("keeps the intake limit per customer: the seventh complaint in 12 hours is refused, translated", async () => {
    const { secret } = await signedInSession({ orderNo: "SO-R1" });
    for (let i = 0; i < 6; i += 1)
      expect((await postH5Complaint({ sessionSecret: secret, fields: fields("SO-R1") })).status).toBe(201);
    const seventh = await postH5Complaint({ sessionSecret: secret, fields: fields("SO-R1") });
    expect(seventh.status).toBe(429);
    expect(seventh.body.code).toBe("rate_limited");
    expect(await testDb.complaint.count()).toBe(6);
  });
});
