// What never reaches a log line. Keys are censored wherever they sit (up to three
// levels deep); string values are scrubbed of email addresses and card numbers
// too, for the ones that hide inside a message or an error text, and logged
// errors drop the detail where Postgres quotes the refused row's values.
import { stdSerializers } from "pino";

/** Keys whose values are secrets, card data, or a customer's personal data. */
const SECRET_KEYS = [
  // credentials and secrets
  "password", "newPassword", "currentPassword", "confirm", "passwordHash",
  "token", "accessToken", "refreshToken", "sessionToken", "idToken", "resetToken",
  "secret", "clientSecret", "mfaSecret", "webhookSecret", "apiKey", "keyHash", "codeHash", "tokenHash",
  "totp", "otp", "mfaCode", "recoveryCode", "recoveryCodes",
  // card data
  "cardNumber", "card_number", "pan", "cvc", "cvv", "cvc2", "expiry", "card",
  // request headers that carry credentials
  "authorization", "cookie", "set-cookie", "x-api-key",
  // personal data of customers and users
  "email", "phone", "mobile", "firstName", "lastName", "fullName", "customerName", "contactName",
  "address", "addressLine1", "addressLine2", "postcode", "dateOfBirth",
];

/** Generic keys that are personal only under these parents ("name" of a job is fine, of a customer is not). */
const NESTED_ONLY = ["customer.name", "contact.name", "user.name", "owner.name", "credentials.code", "input.code", "body.code", "values.code"];

const segment = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`);
const join = (prefix: string, key: string) => (prefix ? `${prefix}${key.startsWith("[") ? "" : "."}${key}` : key);

function pathsAtDepths(key: string, depths: number): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth < depths; depth += 1) {
    const prefix = Array.from({ length: depth }, () => "*").join(".");
    paths.push(join(prefix, key.split(".").map(segment).join(".")));
  }
  return paths;
}

export const REDACTED_PATHS = [
  ...SECRET_KEYS.flatMap((key) => pathsAtDepths(key, 4)),
  ...NESTED_ONLY.flatMap((path) => pathsAtDepths(path, 3)),
];

const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** An email address or a card number (13 to 19 digits passing the Luhn check) inside free text, masked. */
export function scrubText(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(CARD_LIKE, (match) => (luhn(match.replace(/[ -]/g, "")) ? "[card]" : match));
}

/** Plain objects and arrays walked (errors and other instances are left to their serializers). */
export function scrubValues(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubValues(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrubValues(item, depth + 1);
  return copy;
}

/** Where a database error quotes the values of the row it refused ("Key (email)=(jane@…) already exists."). */
const QUOTING_KEYS = new Set(["detail"]);

function scrubSerialized(value: unknown, depth: number): unknown {
  if (typeof value === "string") return scrubText(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubSerialized(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = QUOTING_KEYS.has(key) ? "[redacted]" : scrubSerialized(item, depth + 1);
  return copy;
}

/** An error as a log line shows it: type, message, stack, code and constraint, with no customer's values. */
export function scrubError(error: unknown): unknown {
  return scrubSerialized(error instanceof Error ? stdSerializers.err(error) : error, 0);
}
