/** Only workspace paths on this site may be returned to after sign-in (no open redirect). */
export function safeReturnTo(value: unknown, fallback = "/admin/complaints"): string {
  if (typeof value !== "string") return fallback;
  let path = value;
  // next-auth hands back absolute callback URLs; keep only the path if it is ours.
  if (/^https?:\/\//i.test(path)) {
    try {
      const url = new URL(path);
      path = url.pathname + url.search;
    } catch {
      return fallback;
    }
  }
  return /^\/admin(\/|\?|$)/.test(path) && !path.startsWith("//") && !path.startsWith("/admin/sign-in")
    ? path
    : fallback;
}
