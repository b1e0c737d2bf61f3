import { defineConfig } from "vitest/config";

/**
 * Two projects. `unit`: everything in one process against real SQLite files, loopback servers and
 * in-process roles driven by an injected clock; fast, the default of `npm run test:unit`.
 * `system` (`*.system.test.ts`): real worker processes (kill -9, restarts, read-only files), a real
 * Chromium, PDF rendering, tsc; slower, run by `npm test` and CI after the unit project.
 */
const shared = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: "forks" as const,
  // A fixed product secret (lib/secrets/crypto.ts) so tests write no key file.
  env: { STATUS_SECRET_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" },
};
const roots = ["lib", "worker", "app"];

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { ...shared, name: "unit", include: roots.map((r) => `${r}/**/*.test.ts`), exclude: roots.map((r) => `${r}/**/*.system.test.ts`) } },
      { extends: true, test: { ...shared, name: "system", include: roots.map((r) => `${r}/**/*.system.test.ts`) } },
    ],
  },
  resolve: { alias: { "@": new URL(".", import.meta.url).pathname } },
});
