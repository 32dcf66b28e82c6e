import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Received = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };

/** A real local HTTP server whose answer each test sets; records every request it gets. */
export async function startFakeHttp() {
  const received: Received[] = [];
  let answer: (request: Received) => { status?: number; json?: unknown; delayMs?: number } = () => ({ json: {} });
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", async () => {
      const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body };
      received.push(entry);
      const { status = 200, json = {}, delayMs } = answer(entry);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answer: (fn: typeof answer) => {
      answer = fn;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
