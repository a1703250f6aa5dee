import { checkDatabase } from "@/lib/health/check-database";

export const dynamic = "force-dynamic";

/** Liveness with the database's state: 200 when it answers, 503 when it does not. */
export async function GET() {
  const database = await checkDatabase();
  const healthy = database.status === "up";
  return Response.json(
    { status: healthy ? "ok" : "unavailable", database },
    { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
