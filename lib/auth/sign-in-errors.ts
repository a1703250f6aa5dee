import type { SignInFailure } from "./authenticate";

/** The Credentials provider throws "FAILURE:message"; next-auth returns it to signIn() as `error`. */
export function encodeSignInError(failure: SignInFailure, message: string) {
  return `${failure}:${message}`;
}

export function decodeSignInError(error: string | null | undefined): { failure: string; message: string } {
  const [failure = "INVALID_CREDENTIALS", ...rest] = (error ?? "").split(":");
  const message = rest.join(":").trim();
  if (failure === "CredentialsSignin" || !message) return { failure: "INVALID_CREDENTIALS", message: "That email and password do not match." };
  return { failure, message };
}
