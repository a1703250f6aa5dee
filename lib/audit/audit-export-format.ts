// The two export formats. JSON is one array, written row by row as it
// streams: a reader gets a valid document with JSON.parse once the download
// completes, and a cut-off download fails to parse instead of passing as whole.
import type { Prisma } from "@/lib/generated/prisma/client";
import { csvRecord, CsvFigure } from "@/lib/reports/csv";
import type { ActorLabel } from "./audit-actors";

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedEntry {
  seq: number;
  createdAt: Date;
  actorUserId: string | null;
  actor: ActorLabel;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  metadata: Prisma.JsonValue;
  prevHash: string;
  hash: string;
}

export interface ExportWriter {
  contentType: string;
  head: string;
  /** `index` counts rows across batches, from 0 */
  row(entry: ExportedEntry, index: number): string;
  tail: string;
}

const CSV_HEADER = [
  "Seq", "Time (UTC)", "Actor", "Actor user id", "API key id", "Action", "Record type", "Record id",
  "IP", "User agent", "Request id", "Details (JSON)", "Previous hash", "Hash",
];

// Every text cell goes through the reports' CSV writer, which defuses cells a spreadsheet would run as formulas.
const csv: ExportWriter = {
  contentType: "text/csv; charset=utf-8",
  head: csvRecord(CSV_HEADER),
  row: (e) =>
    csvRecord([
      new CsvFigure(String(e.seq)), e.createdAt.toISOString(), e.actor.name, e.actorUserId, e.actor.apiKeyId, e.action, e.targetType, e.targetId,
      e.ip, e.userAgent, e.requestId, JSON.stringify(e.metadata ?? {}), e.prevHash, e.hash,
    ]),
  tail: "",
};

const json: ExportWriter = {
  contentType: "application/json; charset=utf-8",
  head: "[\n",
  row: (e, index) =>
    `${index === 0 ? "" : ",\n"}${JSON.stringify({
      seq: e.seq,
      createdAt: e.createdAt.toISOString(),
      actor: { userId: e.actorUserId, name: e.actor.name, apiKeyId: e.actor.apiKeyId },
      action: e.action,
      record: e.targetType ? { type: e.targetType, id: e.targetId } : null,
      ip: e.ip,
      userAgent: e.userAgent,
      requestId: e.requestId,
      metadata: e.metadata,
      prevHash: e.prevHash,
      hash: e.hash,
    })}`,
  tail: "\n]\n",
};

export const EXPORT_WRITERS: Record<ExportFormat, ExportWriter> = { csv, json };
