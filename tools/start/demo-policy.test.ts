import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DemoInProductionError, demoPolicy } from "./demo-policy";
import { startBanner } from "./start-banner";

const SECRETS = {
  SHOP_API_KEY: "shop-key-0123456789abcdefghij",
  H5_LINK_SECRET: randomBytes(32).toString("base64url"),
  DATABASE_URL: "postgresql://kesu:pg-password-42@127.0.0.1:5433/kesu",
};
const env = { APP_URL: "https://kesu.example.com", DATA_DIR: "/srv/kesu", H5_LINK_TTL_HOURS: 72, ...SECRETS };
const demo = {
  orderNo: "SO202611221000",
  customerId: "9f0c2f9e-8f5c-4a53-9d1e-6c1f0c1c2a11",
  password: "demo-pass-secret",
  passwordFromEnv: false,
};

describe("demo policy", () => {
  it("outside production: the demo is the product (seeds, and the banner shows what is needed to try it)", () => {
    for (const NODE_ENV of [undefined, "development", "test"])
      expect(demoPolicy({ env: { NODE_ENV } })).toEqual({ seedDemo: true, printSecrets: true });
    expect(demoPolicy({ env: { DEMO_PASSWORD: "chosen-password" } })).toEqual({ seedDemo: true, printSecrets: true });
    expect(demoPolicy({ env: { KESU_DEMO: "off" } })).toEqual({ seedDemo: false, printSecrets: true });
  });

  it("production: no demo data, no secret printed", () => {
    expect(demoPolicy({ env: { NODE_ENV: "production" } })).toEqual({ seedDemo: false, printSecrets: false });
    expect(demoPolicy({ env: { NODE_ENV: "production", KESU_DEMO: "off" } })).toEqual({
      seedDemo: false,
      printSecrets: false,
    });
  });

  it("production with a demo flag refuses to start, naming the flag", () => {
    expect(() => demoPolicy({ env: { NODE_ENV: "production", KESU_DEMO: "on" } })).toThrow(DemoInProductionError);
    expect(() => demoPolicy({ env: { NODE_ENV: "production", KESU_DEMO: "1" } })).toThrow(/KESU_DEMO/);
    expect(() => demoPolicy({ env: { NODE_ENV: "production", DEMO_PASSWORD: "chosen-password" } })).toThrow(
      /NODE_ENV=production with DEMO_PASSWORD set/,
    );
    try {
      demoPolicy({ env: { NODE_ENV: "production", KESU_DEMO: "on", DEMO_PASSWORD: "chosen-password" } });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "demo_in_production", flags: ["KESU_DEMO", "DEMO_PASSWORD"] });
    }
  });
});

describe("start banner", () => {
  it("in production shows where things are and no secret: no key, password, signed link or database URL", () => {
    const banner = startBanner({ env, policy: demoPolicy({ env: { NODE_ENV: "production" } }), demo, embedded: true });
    expect(banner).toContain("https://kesu.example.com/admin/sign-in");
    for (const secret of [...Object.values(SECRETS), "pg-password-42", demo.password, "/h5/enter?t=", "@kesu.demo"])
      expect(banner, secret).not.toContain(secret);
  });

  it("outside production prints the demo's key, password and a signed H5 link", () => {
    const banner = startBanner({ env, policy: demoPolicy({ env: {} }), demo, embedded: true });
    expect(banner).toContain(`Bearer ${SECRETS.SHOP_API_KEY}`);
    expect(banner).toContain(`password: ${demo.password} (generated`);
    expect(banner).toContain("agent@kesu.demo");
    expect(banner).toMatch(/https:\/\/kesu\.example\.com\/h5\/enter\?t=\S+/);
    expect(banner).toContain(SECRETS.DATABASE_URL);
  });
});
