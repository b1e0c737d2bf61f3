import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Three projects. `unit` (the default of `npm run test:unit`, with `unit-isolated`): real SQLite
 * files, loopback servers and in-process roles driven by an injected clock, in one module graph
 * per worker (no isolation: most of the suite's time used to be each file importing the world
 * again). `unit-isolated`: the unit files that cannot share that graph, found by what they do:
 * they replace a module (`vi.mock`) or swap the process-wide database (`DATABASE_URL`, getDb's
 * global), so a module another file loaded first would hide the one they set up.
 * `system` (`*.system.test.ts`): real worker processes (kill -9, restarts, read-only files), a
 * real Chromium, PDF rendering, tsc; slower, run by `npm test` and CI after the unit projects.
 */
const shared = {
  // A budget for a hung test, not a speed target (benches measure speed): the longest in-process
  // scenarios (a thousand coordinator ticks on a real file) take ~4 s alone and ten times that at
  // load average 15 on these 2 cores.
  testTimeout: 120_000,
  hookTimeout: 60_000,
  pool: "forks" as const,
  // A fixed product secret (lib/secrets/crypto.ts) so tests write no key file.
  env: { STATUS_SECRET_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" },
};
const roots = ["lib", "worker", "app"];
const NEEDS_ISOLATION = /\bvi\.(?:mock|doMock)\(|process\.env\.DATABASE_URL|__statusDb/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : testFiles(path);
    return e.name.endsWith(".test.ts") && !e.name.endsWith(".system.test.ts") ? [path] : [];
  });
}
const isolatedUnitFiles = roots.flatMap(testFiles).filter((file) => NEEDS_ISOLATION.test(readFileSync(file, "utf8")));
const systemFiles = roots.map((r) => `${r}/**/*.system.test.ts`);

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { ...shared, name: "unit", isolate: false, include: roots.map((r) => `${r}/**/*.test.ts`), exclude: [...systemFiles, ...isolatedUnitFiles] } },
      { extends: true, test: { ...shared, name: "unit-isolated", include: isolatedUnitFiles } },
      { extends: true, test: { ...shared, name: "system", include: systemFiles } },
    ],
  },
  resolve: { alias: { "@": new URL(".", import.meta.url).pathname } },
});
