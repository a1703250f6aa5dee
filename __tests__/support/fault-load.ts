// Steady traffic from several clients while a test breaks something underneath, every answer
// kept with when it was sent and when it came back, so a test can count what happened when.

export interface Attempt {
  client: string;
  /** unique per attempt: what the write carries, so the database can be asked for it afterwards */
  marker: string;
  sentAt: number;
  doneAt: number;
  status: number | "no answer";
  /** the error code of a refusal (JSON `error.code` or a form's `code`), when there is one */
  code: string | null;
  /** the client was told the write was done */
  acknowledged: boolean;
  contentType: string;
  body: string;
}

export type Send = (marker: string) => Promise<Omit<Attempt, "client" | "marker" | "sentAt" | "doneAt">>;

export interface Load {
  stop(): Promise<Attempt[]>;
}

/** Each client sends one request at a time, `pauseMs` apart, until stopped; no client ever retries. */
export function startLoad(clients: Record<string, Send>, pauseMs: number, timeoutMs = 15_000): Load {
  const attempts: Attempt[] = [];
  let running = true;
  const loops = Object.entries(clients).map(async ([client, send]) => {
    for (let n = 1; running; n += 1) {
      const marker = `${client}-${n}-${Math.random().toString(36).slice(2, 8)}`;
      const sentAt = Date.now();
      let outcome: Awaited<ReturnType<Send>>;
      let timer: NodeJS.Timeout | undefined;
      try {
        outcome = await Promise.race([
          send(marker),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
        ]);
      } catch (error) {
        outcome = { status: "no answer", code: null, acknowledged: false, contentType: "", body: String(error) };
      } finally {
        clearTimeout(timer);
      }
      attempts.push({ client, marker, sentAt, doneAt: Date.now(), ...outcome });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return attempts;
    },
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** p50 / max of a list of durations, for the printed figures. */
export function spread(durations: number[]): { n: number; p50: number; max: number } {
  const sorted = [...durations].sort((a, b) => a - b);
  return { n: sorted.length, p50: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}
