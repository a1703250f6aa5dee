import { safeCallback } from "@/lib/auth/safe-callback";
import { decodeSignInError } from "@/lib/auth/sign-in-errors";

test.each([
  ["/demo-motors/settings/members", "/demo-motors/settings/members"],
  ["/invitations/accept?org=a&token=b", "/invitations/accept?org=a&token=b"],
  ["//evil.example", "/"],
  ["/\\evil.example", "/"],
  ["/\tevil.example", "/"],
  ["/%09/evil.example", "/%09/evil.example"],
  ["https://evil.example", "/"],
  ["javascript:alert(1)", "/"],
  ["", "/"],
])("safeCallback(%j) is %j", (input, expected) => {
  expect(safeCallback(input)).toBe(expected);
});

test("an error in the URL shows only our own text", () => {
  expect(decodeSignInError("RATE_LIMITED:Call 0800 FRAUD to unlock", false).message).toBe("Too many attempts. Try again in a few minutes.");
  expect(decodeSignInError("RATE_LIMITED:Too many attempts. Try again in 14 minutes.", true).message).toBe("Too many attempts. Try again in 14 minutes.");
  expect(decodeSignInError("<script>", false).failure).toBe("INVALID_CREDENTIALS");
});

test("an error named like a property every object has is an unknown error, not a crash (?error=hasOwnProperty was a 500)", () => {
  for (const name of ["hasOwnProperty", "constructor", "__proto__", "toString"]) {
    expect(decodeSignInError(name, false)).toEqual({ failure: "INVALID_CREDENTIALS", message: decodeSignInError("", false).message });
  }
});
