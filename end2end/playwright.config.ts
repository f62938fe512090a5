import { defineConfig } from "@playwright/test";

// The hall under test: `make test` serves the release WASM from the test
// build's server (E2E_SERVER=../target/debug/server); after `make build`
// the release server. On its own embedded PostgreSQL in a fresh data
// directory, on loopback only.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "zh-CN",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    { name: "nojs", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `rm -rf ../target/e2e-data ../target/e2e-sessions && exec ${process.env.E2E_SERVER ?? "../target/release/server"}`,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "../target/site",
      BANSHI_DATA_DIR: "../target/e2e-data",
      DATABASE_URL: "",
      RUST_LOG: "info,sqlx=warn",
      // Test mode: the hall's clock stands still on the evening before the
      // National Day holiday of 2026, so deadlines are the same on every run.
      BANSHI_FAKE_NOW: "2026-09-30T20:00:00+08:00",
      // The journeys register more accounts than one address may in an hour
      // (10): those made through the API come from addresses of their own
      // (`elsewhere()` in tests/helpers.ts), as behind a proxy.
      BANSHI_FORWARDED_FOR: "1",
      // The footer's website code (网站标识码): a placeholder no real site
      // has, so that the footer's code line and 找错 link are tested.
      BANSHI_SITE_ID: "0000000000",
      // Self-service terminals (kiosk mode) reset after 6 s idle and an 8 s
      // countdown instead of 90 s and 30 s (tests/modes.spec.ts).
      BANSHI_KIOSK_IDLE_SECONDS: "6",
      BANSHI_KIOSK_COUNTDOWN_SECONDS: "8",
    },
  },
});
