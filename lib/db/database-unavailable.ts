const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** Prisma's own codes for "no database to talk to": unreachable, timed out, connection closed, pool exhausted. */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** adapter-pg's kinds for the same, in a DriverAdapterError's cause. */
const ADAPTER_UNAVAILABLE = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Node's socket errors while the server is down or restarting. */
const SOCKET_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);

/**
 * True when an error means the database could not be reached or dropped the
 * connection (a restart, a failover, a full pool), as opposed to refusing the
 * query: the caller may answer 503 and the client may try again. SQLSTATE
 * class 08 is a connection exception; 57P01-57P03 are a server shutting down
 * or still starting. Follows the chain the way databaseRefusal does.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && isRecord(current); depth += 1) {
    const code = typeof current.originalCode === "string" ? current.originalCode : current.code;
    if (typeof code === "string" && (PRISMA_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code) || /^(08[0-9A-Z]{3}|57P0[123])$/.test(code))) return true;
    if (typeof current.kind === "string" && ADAPTER_UNAVAILABLE.has(current.kind)) return true;
    // node-postgres's own words for a connection that died under it (a crash leaves no SQLSTATE on the next query).
    if (typeof current.message === "string" && /^Connection terminated|timeout exceeded when trying to connect|^Client has encountered a connection error|^Client was closed/.test(current.message)) return true;
    const meta = current.meta;
    current = current.cause ?? (isRecord(meta) ? meta.driverAdapterError : undefined);
  }
  return false;
}
