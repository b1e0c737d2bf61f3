import { existsSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Where Chromium comes from, and how it is started: one place for the browser check and the e2e
 * tests. Debian's Chromium is used where Playwright's own browser cannot be downloaded (it is
 * also patched by the distribution); Playwright's own download everywhere else.
 */

/** Distribution packages, in order of preference. */
export const SYSTEM_CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"] as const;

/**
 * Launch flags. --no-sandbox: probes and CI run as root in containers, where Chromium's sandbox
 * cannot start. The rest stop Chromium from making requests of its own (updates, sync, field
 * trials), which would add noise to timings and traffic nobody asked for; --disable-quic keeps
 * every check on TCP so that the connect and TLS phases mean the same thing as in HTTP checks.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
] as const;

/** What to tell a person whose machine has no Chromium. */
export const CHROMIUM_INSTALL_HINT = "install Debian's chromium package or run npx playwright install chromium";

/**
 * The executable to launch: CHROMIUM_PATH, else Debian's Chromium, else undefined, which means
 * Playwright's own download (`npx playwright install chromium`).
 */
export function chromiumExecutablePath(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) return configured;
  return SYSTEM_CHROMIUM_PATHS.find((p) => existsSync(p));
}

/** The executable a launch would actually start, whether or not it exists. */
export function resolvedChromiumPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  // playwright-core is required only here, when needed: loading it costs a process about 70 MB.
  return chromiumExecutablePath(env) ?? (createRequire(import.meta.url)("playwright-core") as typeof import("playwright-core")).chromium.executablePath();
}

/** Whether a launch can find a Chromium at all (it may still fail to start for other reasons). */
export function chromiumAvailable(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  try {
    return existsSync(resolvedChromiumPath(env));
  } catch {
    // Playwright throws when it has no build for this platform.
    return false;
  }
}
