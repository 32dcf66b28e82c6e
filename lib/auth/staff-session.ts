import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
import { AppError } from "../errors";
import { authOptions, STAFF_SIGN_IN_PATH } from "./next-auth-options";
import { can, type Permission } from "./permissions";
import { loadStaffActor, type StaffActor } from "./staff-actor";

/**
 * The signed-in staff member, or null (no session, unknown or deactivated account). Cached per
 * request: the workspace layout and its page both ask, and should cost one lookup.
 */
export const getStaffActor = cache(async (): Promise<StaffActor | null> => {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: unknown; signedInAt?: unknown } | undefined;
  if (typeof user?.id !== "string") return null;
  // A session from before sign-in times were recorded counts as the oldest possible.
  return loadStaffActor({
    db,
    staffId: user.id,
    signedInAt: typeof user.signedInAt === "number" ? user.signedInAt : 0,
  });
});

/** For server actions and route handlers: sign_in_required (401) without a session, forbidden (403) without the permission. */
export async function requireStaff(permission: Permission): Promise<StaffActor> {
  const actor = await getStaffActor();
  if (!actor) throw new AppError("sign_in_required");
  if (!can(actor.role, permission)) throw new AppError("forbidden");
  return actor;
}

/** For pages: to the sign-in page without a session, the 403 page without the permission. */
export async function requireStaffPage(permission: Permission, returnTo: string): Promise<StaffActor> {
  const actor = await getStaffActor();
  if (!actor) redirect(`${STAFF_SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(actor.role, permission)) forbidden();
  return actor;
}
