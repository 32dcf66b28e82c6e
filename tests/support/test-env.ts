import { randomBytes } from "node:crypto";
import { inject } from "vitest";

const databaseUrl = inject("databaseUrl");
// Guard: tests truncate tables, so they must never point at anything but a local database.
const host = new URL(databaseUrl).hostname;
if (host !== "127.0.0.1" && host !== "localhost")
  throw new Error(`Refusing to run tests against non-local database host ${host}`);

process.env.DATABASE_URL = databaseUrl;
process.env.DATA_DIR = inject("dataDir");
process.env.APP_URL = "http://localhost:3999";
process.env.SHOP_API_KEY ??= "test-shop-api-key-0123456789";
process.env.H5_LINK_SECRET ??= "test-h5-link-secret-0123456789-abcdefgh";
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret-0123456789-abcdefgh";
process.env.FIELD_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
