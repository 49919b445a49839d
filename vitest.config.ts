import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    // Property tests run thousands of cases; a loaded CI machine needs room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
