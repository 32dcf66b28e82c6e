import { defineConfig } from "prisma/config";

// The datasource URL is only read by CLI commands that talk to a database (migrate deploy/status
// on machines that can reach Prisma's engine); `prisma generate` needs none.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/kesu" },
});
