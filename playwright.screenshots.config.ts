import { defineConfig } from "@playwright/test";

import base from "./playwright.config";

// The README's screenshots: run by `npm test -- screenshots` only.
export default defineConfig({
  ...base,
  testDir: "e2e/screenshots",
  fullyParallel: false,
  workers: 1,
});
