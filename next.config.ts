import type { NextConfig } from "next";

const isDev = process.env.NODE_ENV !== "production";

// Next.js hydrates with inline scripts; React's dev tooling also needs eval.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=()",
  },
];

const nextConfig: NextConfig = {
  // IdPs send `/Users/` and do not all follow redirects on POST; the SCIM
  // router normalises trailing slashes itself.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  agentRules: false,
  // The dev server is reached as localhost or 127.0.0.1 (the README and the
  // tests use both); other origins stay blocked from dev resources.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  experimental: { agentUpgrade: false },
  serverExternalPackages: ["postgres", "pino", "@electric-sql/pglite"],
  async headers() {
    // Pages only: SCIM answers are JSON for machines, and matching these
    // rules on every IdP request costs measurable time (docs/performance.md).
    return [{ source: "/((?!api/scim/).*)", headers: securityHeaders }];
  },
};

export default nextConfig;
