// Server Actions over HTTP, as the browser calls them: the action's id from the build's manifest
// in a Next-Action header, the arguments encoded by React's own encodeReply, the answer read back
// from the RSC stream. The attack suites use it to reach every action with any cookie they like.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FormState } from "@/lib/forms/form-state";

interface ManifestEntry { filename?: string; exportedName?: string; workers?: Record<string, unknown> }

export interface BuiltAction {
  id: string;
  name: string;
  /** the source file, e.g. actions/customers.ts */
  file: string;
  /** a page that imports it (any page whose bundle carries the action will run it) */
  page: string;
}

/** Every Server Action in the production build (`.next`), one entry per exported name. */
export function serverActionsInBuild(): BuiltAction[] {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    name: entry.exportedName ?? "",
    file: entry.filename ?? "",
    page: Object.keys(entry.workers ?? {})[0]?.replace(/^app/, "").replace(/\/page$/, "") ?? "/",
  }));
}

export function actionIdOf(name: string): string {
  const found = serverActionsInBuild().find((action) => action.name === name);
  if (!found) throw new Error(`no Server Action named ${name} in the build`);
  return found.id;
}

/** What came back: the action's return value (form state), or a redirect, or an HTTP error. */
export interface ActionAnswer {
  status: number;
  /** the action's return value when it returned one */
  result: unknown;
  /** the form state, when the result is one */
  state: FormState | null;
  /** where a redirect() in the action (or in the auth checks) sends the browser */
  redirect: string | null;
  /** notFound() / forbidden() / unauthorized() thrown in the action: 404, 403, 401 */
  httpError: number | null;
  body: string;
}

type Encoder = { encodeReply(value: unknown): Promise<string | FormData> };
// React's own encoder, the one the browser runs, so the body is exactly what a page would send.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const react = require("next/dist/compiled/react-server-dom-webpack/client.node") as Encoder;

/** A form's fields as the FormData a form submission carries. */
export function formOf(fields: Record<string, string | number | boolean | null | undefined>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== null) form.append(key, String(value));
  return form;
}

/**
 * Calls a Server Action by name with the given arguments. A form action (useActionState) takes
 * `[previousState, formData]`; pass `formOf({...})` as the second argument.
 */
export async function callAction(
  appUrl: string,
  action: { id: string; page?: string },
  args: unknown[],
  cookie = "",
  pagePath = action.page ?? "/",
): Promise<ActionAnswer> {
  const body = await react.encodeReply(args);
  const headers: Record<string, string> = { "Next-Action": action.id, Accept: "text/x-component", Origin: appUrl };
  if (cookie) headers.Cookie = cookie;
  if (typeof body === "string") headers["Content-Type"] = "text/plain;charset=UTF-8";
  const response = await fetch(`${appUrl}${pagePath}`, { method: "POST", headers, body, redirect: "manual" });
  const text = await response.text();
  const redirectHeader = response.headers.get("x-action-redirect") ?? response.headers.get("location");
  const result = actionResult(text);
  const state = result && typeof result === "object" && !Array.isArray(result) ? (result as FormState) : null;
  const digest = /NEXT_HTTP_ERROR_FALLBACK;(\d{3})/.exec(text);
  return {
    status: response.status, result, state, redirect: redirectHeader?.split(";")[0] ?? null, httpError: digest ? Number(digest[1]) : null, body: text,
  };
}

/** The action's return value from the RSC stream: row 0 holds `{ a: "$@N" }`, row N the value. */
function actionResult(stream: string): unknown {
  const rows = new Map<string, unknown>();
  for (const line of stream.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (!match || !/^[[{"0-9tfn-]/.test(match[2]!)) continue;
    try {
      rows.set(match[1]!, JSON.parse(match[2]!));
    } catch {
      // a streamed chunk that is not JSON (text, module rows): not a return value
    }
  }
  const root = rows.get("0") as { a?: unknown } | undefined;
  const value = root?.a;
  if (typeof value === "string" && value.startsWith("$@")) return rows.get(value.slice(2).replace(/^0+(?=.)/, "")) ?? rows.get(value.slice(2));
  return value;
}

/** Signs in through next-auth's credentials endpoint and returns the Cookie header the browser would send. */
export async function signInOverHttp(appUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesFrom(csrf.headers.getSetCookie());
  const response = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: headerOf(jar), Origin: appUrl },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
  Object.assign(jar, cookiesFrom(response.headers.getSetCookie()));
  if (!Object.keys(jar).some((name) => name.endsWith("session-token"))) throw new Error(`sign-in of ${email} set no session (HTTP ${response.status})`);
  return headerOf(jar);
}

/** The same cookies with the session token's last characters altered: what a tampered session looks like. */
export function tamperedSession(cookie: string): string {
  return cookie.replace(/(session-token=)([^;]+)/, (_all, name: string, token: string) => {
    const last = token.slice(-6);
    const flipped = [...last].map((c) => (c === "A" ? "B" : "A")).join("");
    return `${name}${token.slice(0, -6)}${flipped}`;
  });
}

function cookiesFrom(setCookies: string[]): Record<string, string> {
  return Object.fromEntries(setCookies.map((line) => line.split(";")[0]!.split("=")).map(([name, ...rest]) => [name!, rest.join("=")]));
}

function headerOf(jar: Record<string, string>): string {
  return Object.entries(jar).map(([name, value]) => `${name}=${value}`).join("; ");
}

/**
 * A session cookie minted outside the app with the claims a real session carries (lib/auth/session):
 * with a secret that is not the deployment's it is a forged session; with the deployment's own, the
 * control that shows the claims alone would have been enough.
 */
export async function mintedSession(user: { userId: string; sessionVersion: number }, secret: string): Promise<string> {
  const { encode } = await import("next-auth/jwt");
  const token = await encode({ token: { sub: user.userId, sv: user.sessionVersion, authTime: Date.now() }, secret, maxAge: 8 * 60 * 60 });
  // next-auth's cookie name over http (the test servers); __Secure- only behind https.
  return `next-auth.session-token=${token}`;
}
