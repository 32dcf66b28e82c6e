import { join } from "node:path";
import { createH5LinkToken } from "../../lib/auth/h5-link";
import { DEMO_STAFF } from "../demo/seed-demo-staff";
import type { DemoPolicy } from "./demo-policy";
import type { Env } from "../../lib/config/env-schema";

type BannerEnv = Pick<
  Env,
  "APP_URL" | "DATA_DIR" | "DATABASE_URL" | "SHOP_API_KEY" | "H5_LINK_SECRET" | "H5_LINK_TTL_HOURS"
>;

/** A demo order to try, its customer, and the demo accounts' password (with whether the environment chose it). */
export type BannerDemo = {
  orderNo?: string;
  customerId?: string;
  password?: string;
  passwordFromEnv: boolean;
  /** The demo shop's page with the embedded widget (tools/demo/demo-shop.ts), when it runs. */
  shopUrl?: string;
};

/**
 * What `npm start` prints once the app answers. Outside production: everything needed to try the
 * demo at once, secrets included (shop API key, demo password, a signed H5 link, the embedded
 * database's URL). In production only where things are: never a key, password, signed link or
 * connection string, since start-up output ends up in collected logs.
 */
export function startBanner({
  env,
  policy,
  demo,
  embedded,
  now = new Date(),
}: {
  env: BannerEnv;
  policy: DemoPolicy;
  demo: BannerDemo;
  embedded: boolean;
  now?: Date;
}): string {
  const database = embedded ? `embedded PostgreSQL under ${join(env.DATA_DIR, "pg")}` : "DATABASE_URL";
  if (!policy.printSecrets) {
    return [
      "",
      "Kesu is running (production).",
      `  App:           ${env.APP_URL}`,
      `  Staff sign-in: ${env.APP_URL}/admin/sign-in`,
      `  Shop API:      ${env.APP_URL}/api/v1   Authorization: Bearer $SHOP_API_KEY`,
      `  Database:      ${database}`,
      "",
    ].join("\n");
  }
  const link =
    demo.orderNo && demo.customerId
      ? `${env.APP_URL}/h5/enter?t=${createH5LinkToken({ orderNo: demo.orderNo, customerId: demo.customerId, entry: "order_detail", expiresAt: new Date(now.getTime() + env.H5_LINK_TTL_HOURS * 3_600_000), secret: env.H5_LINK_SECRET })}`
      : "(no order yet: PUT one through the API)";
  return [
    "",
    "Kesu is running.",
    `  App:           ${env.APP_URL}`,
    `  Staff sign-in: ${env.APP_URL}/admin/sign-in`,
    ...(demo.password
      ? [
          `                 ${DEMO_STAFF.map((s) => s.email).join(", ")}`,
          `                 password: ${demo.password}${demo.passwordFromEnv ? " (DEMO_PASSWORD)" : " (generated; set DEMO_PASSWORD to choose one)"}`,
        ]
      : []),
    `  H5 demo link:  ${link}`,
    `                 order ${demo.orderNo ?? "-"}, valid ${env.H5_LINK_TTL_HOURS} h; choose 缺货 on this order (under ¥50) to see the automatic refund`,
    ...(demo.shopUrl ? [`  Demo shop:     ${demo.shopUrl}   (the feedback widget on a shop's page)`] : []),
    `  Shop API:      ${env.APP_URL}/api/v1   Authorization: Bearer ${env.SHOP_API_KEY}`,
    `  Database:      ${embedded ? `${env.DATABASE_URL} (${database})` : database}`,
    "",
  ].join("\n");
}
