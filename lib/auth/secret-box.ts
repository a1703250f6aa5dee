import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/env";

// AES-256-GCM with a key derived from the session secret: a database dump
// alone does not reveal anyone's TOTP secret or data-subject key. Each purpose
// derives its own key, so one kind of sealed value cannot be opened as another.
export type SealPurpose = "totp-secret" | "data-subject-key";

function key(purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "awms", `awms/${purpose}/v1`, 32));
}

export function seal(plaintext: string, purpose: SealPurpose = "totp-secret"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function open(sealed: string, purpose: SealPurpose = "totp-secret"): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("unrecognised sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key(purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
