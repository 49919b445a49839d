import path from "node:path";

import { defineConfig } from "vitest/config";

// HTTP integration suites: they drive a running server (see scripts/test.ts).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["e2e/http/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
