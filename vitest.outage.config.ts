import path from "node:path";

import { defineConfig } from "vitest/config";

// The database outage suite stops PostgreSQL, so it runs alone (scripts/test.ts).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["e2e/outage/**/*.test.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
