// A local stand-in for PagerDuty's Events API: a real HTTP server that keeps
// every event posted to it, and can be told to hang (accept, never answer).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PagerDutyEvent } from "@/lib/alerts/pagerduty-event";

export interface AlertReceiver {
  url: string;
  events: PagerDutyEvent[];
  /** stop answering: requests stay open until the sender gives up */
  hang(hanging: boolean): void;
  close(): Promise<void>;
}

export async function startAlertReceiver(): Promise<AlertReceiver> {
  const events: PagerDutyEvent[] = [];
  let hanging = false;
  const open = new Set<ServerResponse>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (hanging) {
        open.add(response);
        return;
      }
      events.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as PagerDutyEvent);
      response.writeHead(202, { "Content-Type": "application/json" }).end('{"status":"success","message":"Event processed"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2/enqueue`,
    events,
    hang: (value) => {
      hanging = value;
    },
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
