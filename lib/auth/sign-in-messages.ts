// Shared by the server (authenticate) and the sign-in form: no server imports here.
export type SignInFailure = "INVALID_CREDENTIALS" | "MFA_REQUIRED" | "INVALID_CODE" | "RATE_LIMITED" | "UNAVAILABLE";

export const SIGN_IN_MESSAGES: Record<SignInFailure, string> = {
  INVALID_CREDENTIALS: "That email and password do not match.",
  MFA_REQUIRED: "Enter the code from your authenticator app.",
  INVALID_CODE: "That code is not valid. Codes change every 30 seconds and work once.",
  RATE_LIMITED: "Too many attempts. Try again in a few minutes.",
  UNAVAILABLE: "Sign-in is temporarily unavailable. Please try again in a minute.",
};
