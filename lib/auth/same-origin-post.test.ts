import { describe, expect, it } from "vitest";
import { isSameOriginPost } from "./same-origin-post";

const app = "https://kesu.example.com";
const post = (headers: Record<string, string>) => isSameOriginPost(new Headers(headers), app);

describe("isSameOriginPost", () => {
  it("accepts our own origin (as the request reached us, or APP_URL's)", () => {
    expect(post({ origin: "http://localhost:3000", host: "localhost:3000" })).toBe(true);
    expect(post({ origin: "https://kesu.example.com", host: "10.0.0.5:3000" })).toBe(true);
    expect(post({ origin: "https://h5.shop.cn", host: "10.0.0.5:3000", "x-forwarded-host": "h5.shop.cn" })).toBe(true);
  });

  it("refuses another site, a missing or opaque origin", () => {
    expect(post({ origin: "https://evil.example", host: "kesu.example.com" })).toBe(false);
    expect(post({ origin: "https://kesu.example.com.evil.example", host: "localhost" })).toBe(false);
    expect(post({ host: "kesu.example.com" })).toBe(false);
    expect(post({ origin: "null", host: "kesu.example.com" })).toBe(false);
    expect(post({ origin: "not a url", host: "kesu.example.com" })).toBe(false);
  });
});
