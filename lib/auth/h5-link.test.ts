import { describe, expect, it } from "vitest";
import { createH5LinkToken, h5LandingPath, verifyH5LinkToken } from "./h5-link";
import { createSignedToken } from "./signed-token";

const secret = "s".repeat(40);
const future = new Date(Date.now() + 3_600_000);

describe("H5 link signing", () => {
  it("verifies its own links", () => {
    const token = createH5LinkToken({
      orderNo: "SO1",
      customerId: "c1",
      entry: "order_detail",
      expiresAt: future,
      secret,
    });
    const check = verifyH5LinkToken({ token, secret });
    expect(check.ok && check.payload).toMatchObject({
      o: "SO1",
      c: "c1",
      e: "order_detail",
      j: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
  });

  it("gives every link its own id (jti) and refuses a link without one", () => {
    const a = createH5LinkToken({ orderNo: "SO1", customerId: "c1", entry: "order_detail", expiresAt: future, secret });
    const b = createH5LinkToken({ orderNo: "SO1", customerId: "c1", entry: "order_detail", expiresAt: future, secret });
    const jti = (token: string) => {
      const check = verifyH5LinkToken({ token, secret });
      return check.ok ? check.payload.j : null;
    };
    expect(jti(a)).not.toBe(jti(b));
    const legacy = createSignedToken({
      payload: { o: "SO1", c: "c1", e: "order_detail" },
      purpose: "h5-link",
      expiresAt: future,
      secret,
    });
    expect(verifyH5LinkToken({ token: legacy, secret })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a tampered payload, a wrong secret and junk", () => {
    const token = createH5LinkToken({
      orderNo: "SO1",
      customerId: "c1",
      entry: "order_detail",
      expiresAt: future,
      secret,
    });
    const [body, sig] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), c: "c2" }),
    ).toString("base64url");
    expect(verifyH5LinkToken({ token: `${forged}.${sig}`, secret })).toEqual({ ok: false, reason: "invalid" });
    expect(verifyH5LinkToken({ token, secret: "x".repeat(40) })).toEqual({ ok: false, reason: "invalid" });
    expect(verifyH5LinkToken({ token: "abc", secret })).toEqual({ ok: false, reason: "invalid" });
    expect(verifyH5LinkToken({ token: `${token}.x`, secret })).toEqual({ ok: false, reason: "invalid" });
  });

  it("says when a link has expired", () => {
    const token = createH5LinkToken({
      orderNo: "SO1",
      customerId: "c1",
      entry: "order_detail",
      expiresAt: new Date(Date.now() - 1000),
      secret,
    });
    expect(verifyH5LinkToken({ token, secret })).toEqual({ ok: false, reason: "expired" });
  });

  it("does not accept a token signed for another purpose", () => {
    const session = createSignedToken({
      payload: { o: "SO1", c: "c1", e: "order_detail" },
      purpose: "h5-session",
      expiresAt: future,
      secret,
    });
    expect(verifyH5LinkToken({ token: session, secret })).toEqual({ ok: false, reason: "invalid" });
  });

  it("lands each entry on its page", () => {
    expect(h5LandingPath({ o: "SO 1", e: "order_detail" })).toBe("/h5/orders/SO%201/new");
    expect(h5LandingPath({ o: "SO1", e: "order_detail", k: "8c9e8667-dd77-4c31-9899-c0754feeb1c0" })).toBe(
      "/h5/complaints/8c9e8667-dd77-4c31-9899-c0754feeb1c0",
    );
    expect(h5LandingPath({ o: "SO1", e: "out_of_stock" })).toBe("/h5/orders/SO1/new?type=product.out_of_stock");
    expect(h5LandingPath({ o: "SO1", e: "delivery" })).toBe("/h5/orders/SO1/new?group=delivery");
    expect(h5LandingPath({ o: "SO1", e: "service_center" })).toBe("/h5");
  });
});
