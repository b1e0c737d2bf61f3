import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["lib/**/*.test.ts", "worker/**/*.test.ts", "app/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // A fixed product secret (lib/secrets/crypto.ts) so tests write no key file.
    env: { STATUS_SECRET_KEY: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" },
  },
  resolve: { alias: { "@": new URL(".", import.meta.url).pathname } },
});
