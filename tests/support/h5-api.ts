import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { H5_SESSION_COOKIE } from "../../lib/auth/h5-session-store";
import h5ComplaintsRoute from "../../pages/api/h5/complaints";

/** The H5 form's route (pages/api/h5/complaints.ts) behind a real local HTTP server: its origin. */
let server: Promise<Server> | undefined;
export function h5ApiOrigin(): Promise<string> {
  server ??= new Promise<Server>((resolve) => {
    const listening = createServer((req, res) => void h5ComplaintsRoute(req, res));
    // The test process ends with its pool; the server must not keep it alive.
    listening.unref();
    listening.listen(0, "127.0.0.1", () => resolve(listening));
  });
  return server.then((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);
}

export type H5ComplaintAnswer = {
  status: number;
  body: {
    id?: string;
    location?: string;
    title?: string;
    code?: string;
    errors?: { field: string; code: string; message: string }[];
  };
};

/**
 * POST /api/h5/complaints as the complaint form's script sends it (components/h5/post-h5-complaint.ts):
 * JSON, from our own Origin, with the customer's session cookie when `sessionSecret` is given.
 */
export async function postH5Complaint({
  sessionSecret,
  fields,
  headers = {},
}: {
  sessionSecret?: string;
  fields: Record<string, unknown>;
  headers?: Record<string, string>;
}): Promise<H5ComplaintAnswer> {
  const origin = await h5ApiOrigin();
  const response = await fetch(`${origin}/api/h5/complaints`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin,
      "accept-language": "en",
      ...(sessionSecret ? { cookie: `${H5_SESSION_COOKIE}=${sessionSecret}` } : {}),
      ...headers,
    },
    body: JSON.stringify(fields),
  });
  return { status: response.status, body: (await response.json()) as H5ComplaintAnswer["body"] };
}
