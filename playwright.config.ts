import { existsSync } from "node:fs";

import { defineConfig } from "@playwright/test";

// Playwright cannot download its own browser everywhere; CHROMIUM_PATH (or
// Debian's /usr/bin/chromium) is used when set or present, else Playwright's.
const executablePath =
  process.env.CHROMIUM_PATH ??
  (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e/browser",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // npm test asks for a JSON report too, to recap failures at the end.
  reporter: process.env.ROSTER_PLAYWRIGHT_JSON
    ? [["list"], ["json", { outputFile: process.env.ROSTER_PLAYWRIGHT_JSON }]]
    : [["list"]],
  use: {
    baseURL: process.env.ROSTER_TEST_BASE_URL ?? "http://127.0.0.1:3000",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    },
  },
});
