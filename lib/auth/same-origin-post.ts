/**
 * Whether a form POST comes from our own pages: the browser's Origin header names this host
 * (as the request reached us: X-Forwarded-Host behind the reverse proxy, else Host) or APP_URL's.
 * The check Next applies to server actions, for the one plain form that changes who is signed
 * in (the H5 customer switch): a page elsewhere cannot post it, so no login CSRF.
 */
export function isSameOriginPost(headers: { get(name: string): string | null }, appUrl: string): boolean {
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  const requestHost = (headers.get("x-forwarded-host")?.split(",")[0] ?? headers.get("host") ?? "")
    .trim()
    .toLowerCase();
  return host === requestHost || host === new URL(appUrl).host.toLowerCase();
}
