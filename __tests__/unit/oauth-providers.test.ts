import { reloadServerEnv } from "@/lib/env";
import { authOptions } from "@/lib/auth/session";

afterEach(() => {
  for (const name of ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GITHUB_ID", "GITHUB_SECRET"]) delete process.env[name];
  reloadServerEnv();
});

test("only email and password without OAuth settings", () => {
  reloadServerEnv();
  expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials"]);
});

test("Google and GitHub switch on when both their settings are present", () => {
  process.env.GOOGLE_CLIENT_ID = "google-id";
  process.env.GOOGLE_CLIENT_SECRET = "google-secret";
  process.env.GITHUB_ID = "github-id";
  reloadServerEnv();
  expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials", "google"]);
  process.env.GITHUB_SECRET = "github-secret";
  reloadServerEnv();
  expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials", "google", "github"]);
});

test("sessions are short JWTs with a rolling refresh", () => {
  const options = authOptions();
  expect(options.session).toEqual({ strategy: "jwt", maxAge: 8 * 60 * 60, updateAge: 15 * 60 });
});
