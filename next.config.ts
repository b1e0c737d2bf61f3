import type { NextConfig } from "next";
import { BODY_LIMITS } from "./lib/http/body";

/**
 * Every page: scripts, styles and forms from this origin only, no plugins, no <base>, and no
 * framing (clickjacking of the dashboard, the sign-in form or the public page). Next's own
 * inline bootstrap scripts and recharts' inline styles need 'unsafe-inline' (nonces would need
 * a proxy on every request); the rest of the policy holds regardless.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

const nextConfig: NextConfig = {
  // The libSQL driver ships a native addon: load it from node_modules at run time.
  serverExternalPackages: ["@libsql/client", "libsql"],
  poweredByHeader: false,
  experimental: {
    // Next reads action bodies as a stream and answers 413 past this (lib/http/body.ts BODY_LIMITS).
    serverActions: { bodySizeLimit: BODY_LIMITS.actionBytes },
    // forbidden() answers 403 to a role without the permission (requireUser, app/forbidden.tsx).
    authInterrupts: true,
  },
  async headers() {
    return [
      {
        // Everything but the embeddable widget may not be framed anywhere. Badges, cards and the
        // widget set their own, stricter policy (default-src 'none'), which a rule here would replace.
        source: "/((?!embed/|badge/|card/).*)",
        headers: [...SECURITY_HEADERS, { key: "Content-Security-Policy", value: [...CSP, "frame-ancestors 'none'"].join("; ") }, { key: "X-Frame-Options", value: "DENY" }],
      },
    ];
  },
};

export default nextConfig;
