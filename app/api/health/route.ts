/** Liveness for the start script and load balancers; touches nothing. */
export function GET() {
  return Response.json({ ok: true });
}
