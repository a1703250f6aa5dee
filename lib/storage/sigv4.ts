import { createHash, createHmac } from "node:crypto";

// AWS Signature Version 4 for the three S3 calls AWMS makes (put, get, delete an
// object). Checked against AWS's published S3 examples in __tests__/unit/sigv4.test.ts.

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export interface SignableRequest {
  method: string;
  /** host[:port] exactly as the HTTP client will send it */
  host: string;
  /** the object's path, not yet encoded: each segment is encoded once, as S3 expects */
  path: string;
  query?: Record<string, string>;
  /** headers to sign besides host, x-amz-date and x-amz-content-sha256 */
  headers?: Record<string, string>;
  /** hex sha256 of the body (of "" when there is none) */
  payloadSha256: string;
}

export const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ */
export const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const encodePath = (path: string) => path.split("/").map(uriEncode).join("/");

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");

/** 2013-05-24T00:00:00.000Z -> 20130524T000000Z */
export const amzDate = (now: Date) => now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** The headers to send: the given ones plus host, x-amz-date, x-amz-content-sha256 and authorization. */
export function signV4(request: SignableRequest, credentials: SigV4Credentials, now: Date): Record<string, string> {
  const stamp = amzDate(now);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value.trim().replace(/\s+/g, " ");
  headers.host = request.host;
  headers["x-amz-date"] = stamp;
  headers["x-amz-content-sha256"] = request.payloadSha256;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(";");
  const query = Object.entries(request.query ?? {})
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const canonicalRequest = [
    request.method.toUpperCase(),
    encodePath(request.path),
    query,
    names.map((name) => `${name}:${headers[name]}\n`).join(""),
    signedHeaders,
    request.payloadSha256,
  ].join("\n");
  const scope = `${day}/${credentials.region}/${credentials.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), credentials.region), credentials.service), "aws4_request");
  const signature = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  const { host: _host, ...sent } = headers;
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}
