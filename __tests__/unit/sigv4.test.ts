// The S3 signer against the worked examples AWS publishes for Signature Version 4
// ("Examples: Signature calculations in AWS Signature Version 4", Amazon S3 API reference).
import { createHash } from "node:crypto";
import { EMPTY_SHA256, signV4 } from "@/lib/storage/sigv4";

const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1", service: "s3" };
const at = new Date("2013-05-24T00:00:00Z");
const host = "examplebucket.s3.amazonaws.com";

test("GET Object with a Range header", () => {
  const headers = signV4({ method: "GET", host, path: "/test.txt", headers: { Range: "bytes=0-9" }, payloadSha256: EMPTY_SHA256 }, credentials, at);
  expect(headers.authorization).toBe(
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date," +
      "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
  );
  expect(headers["x-amz-date"]).toBe("20130524T000000Z");
  expect(headers).not.toHaveProperty("host");
});

test("PUT Object: the key's $ is encoded once, the body is hashed, extra headers are signed", () => {
  const body = createHash("sha256").update("Welcome to Amazon S3.").digest("hex");
  expect(body).toBe("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  const headers = signV4(
    { method: "PUT", host, path: "/test$file.text", headers: { Date: "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class": "REDUCED_REDUNDANCY" }, payloadSha256: body },
    credentials, at,
  );
  expect(headers.authorization).toBe(
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class," +
      "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
  );
});

test("query strings are sorted and encoded (GET Bucket lifecycle, List Objects)", () => {
  const lifecycle = signV4({ method: "GET", host, path: "/", query: { lifecycle: "" }, payloadSha256: EMPTY_SHA256 }, credentials, at);
  expect(lifecycle.authorization).toMatch(/Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543$/);
  const list = signV4({ method: "GET", host, path: "/", query: { prefix: "J", "max-keys": "2" }, payloadSha256: EMPTY_SHA256 }, credentials, at);
  expect(list.authorization).toMatch(/Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7$/);
});

test("a different secret gives a different signature", () => {
  const signed = signV4({ method: "GET", host, path: "/test.txt", payloadSha256: EMPTY_SHA256 }, { ...credentials, secretAccessKey: "other" }, at);
  const real = signV4({ method: "GET", host, path: "/test.txt", payloadSha256: EMPTY_SHA256 }, credentials, at);
  expect(signed.authorization).not.toBe(real.authorization);
});
