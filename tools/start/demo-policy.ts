/**
 * What `npm start` may do with demo data and secrets. Outside production the demo is the product:
 * an empty database gets demo staff, orders, complaints and a year of history, and the start
 * banner prints the staff password, the shop API key and a signed H5 link so it can be tried at
 * once. In production none of that: terminals and process logs are collected and kept, and an
 * empty production database is a new tenant, not a showroom.
 *
 * The demo flags are `KESU_DEMO` (`on`/`off`; default on outside production, `off` turns the
 * demo off on a development machine) and `DEMO_PASSWORD` (the demo accounts' password). Either
 * one set in production is a mistake — a copied development `.env`, a staging recipe pointed at
 * production — and start refuses rather than guess which was meant.
 */
export const DEMO_FLAGS = ["KESU_DEMO", "DEMO_PASSWORD"] as const;

export type DemoPolicy = {
  /** Demo staff accounts, demo orders and complaints, and the bulk history, on an empty database. */
  seedDemo: boolean;
  /** The start banner may show secrets: shop API key, demo password, a signed H5 link, the database URL. */
  printSecrets: boolean;
};

export class DemoInProductionError extends Error {
  readonly code = "demo_in_production";
  readonly flags: (typeof DEMO_FLAGS)[number][];

  constructor(flags: (typeof DEMO_FLAGS)[number][]) {
    super(
      `Refusing to start: NODE_ENV=production with ${flags.join(" and ")} set. Production never seeds demo accounts or data and never prints secrets; ` +
        `unset ${flags.join(" and ")} (or leave NODE_ENV unset to run the demo).`,
    );
    this.name = "DemoInProductionError";
    this.flags = flags;
  }
}

/** Throws DemoInProductionError when a demo flag is set in production. */
export function demoPolicy({ env }: { env: Record<string, string | undefined> }): DemoPolicy {
  // Any KESU_DEMO other than "off" counts as on: in production, "1" or "true" must refuse too.
  const demoOn = Boolean(env.KESU_DEMO) && env.KESU_DEMO !== "off";
  if (env.NODE_ENV !== "production") return { seedDemo: env.KESU_DEMO !== "off", printSecrets: true };
  const flags = DEMO_FLAGS.filter((name) => (name === "KESU_DEMO" ? demoOn : Boolean(env[name])));
  if (flags.length > 0) throw new DemoInProductionError(flags);
  return { seedDemo: false, printSecrets: false };
}
