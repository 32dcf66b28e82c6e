import { createSignedToken, verifySignedToken } from "../auth/signed-token";

const PURPOSE = "workspace-link";
const LINK_DAYS = 30;

/**
 * Links in robot messages: `/l/<token>`, a signed, expiring pointer to a workspace path, so a
 * message forwarded or edited in a group chat cannot be turned into a link elsewhere. Opening it
 * still needs a staff sign-in.
 */
export function workspaceLink({
  appUrl,
  path,
  secret,
  now = new Date(),
}: {
  appUrl: string;
  path: string;
  secret: string;
  now?: Date;
}): string {
  const token = createSignedToken({
    payload: { to: path },
    purpose: PURPOSE,
    expiresAt: new Date(now.getTime() + LINK_DAYS * 86_400_000),
    secret,
  });
  return `${appUrl}/l/${token}`;
}

/** The workspace path a link points to, or null when it is forged, expired or not a workspace path. */
export function workspaceLinkTarget({ token, secret }: { token: string; secret: string }): string | null {
  const check = verifySignedToken<{ to: unknown }>({ token, purpose: PURPOSE, secret });
  if (!check.ok || typeof check.payload.to !== "string") return null;
  return /^\/admin\/[A-Za-z0-9/_?=&.-]*$/.test(check.payload.to) ? check.payload.to : null;
}
