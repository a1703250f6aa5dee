import { db } from "@/lib/db";

export interface DatabaseHealth {
  status: "up" | "down";
  latencyMs?: number;
}

const TIMEOUT_MS = 2_000;

export async function checkDatabase(): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database health check timed out")), TIMEOUT_MS);
      }),
    ]);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: "down" };
  } finally {
    clearTimeout(timer);
  }
}
