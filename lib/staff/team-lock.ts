import type { Prisma } from "../generated/prisma/client";

/**
 * One lock for every change to who is on the team and where: accounts (role, groups, active),
 * handling groups (routing, members, the expert on duty) and account managers (who join the VIP
 * line). Such changes are rare and read each other's rows — a demotion racing the naming of an
 * expert on duty, two admins moving one subtype — so they run one at a time.
 */
export async function lockTeam(tx: Prisma.TransactionClient) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kesu:team'))`;
}
