import { SIGN_IN_MESSAGES, type SignInFailure } from "./sign-in-messages";

/** The Credentials provider throws "FAILURE:message"; next-auth returns it to signIn() as `error`. */
export function encodeSignInError(failure: SignInFailure, message: string) {
  return `${failure}:${message}`;
}

/**
 * The code and, for errors that came back from our own sign-in call, its
 * message. An `?error=` in the URL is attacker-controlled: show only our fixed text for it.
 */
export function decodeSignInError(error: string | null | undefined, trusted: boolean): { failure: string; message: string } {
  const [code = "", ...rest] = (error ?? "").split(":");
  // Own keys only: "?error=hasOwnProperty" must not find Object.prototype's.
  const failure = (Object.hasOwn(SIGN_IN_MESSAGES, code) ? code : "INVALID_CREDENTIALS") as SignInFailure;
  const message = trusted && rest.length ? rest.join(":").trim() : SIGN_IN_MESSAGES[failure];
  return { failure, message: message || SIGN_IN_MESSAGES[failure] };
}
