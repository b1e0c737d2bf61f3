import { describe, expect, it } from "vitest";
import { isProbedType, MONITOR_TYPES } from "../db/schema/monitors";
import { stringify } from "yaml";
import { parseConfig } from "../config/load";
import { CHECK_TYPES, isProbed } from "./index";

/**
 * The registry is the one place a check type is wired. The database's list of type names and its
 * pushed/probed split (lib/db/schema/monitors.ts, which the public page reads without loading any
 * check code) must say the same: the compiler holds the names, this test holds the rest.
 */
describe("the check-type registry", () => {
  it("has an entry for every stored type, and says pushed or probed as the schema does", () => {
    expect(Object.keys(CHECK_TYPES).sort()).toEqual([...MONITOR_TYPES].sort());
    for (const type of MONITOR_TYPES) {
      expect({ type, probed: isProbed(type) }).toEqual({ type, probed: isProbedType(type) });
      expect({ type, hasRun: typeof CHECK_TYPES[type].run === "function" }).toEqual({ type, hasRun: isProbedType(type) });
    }
  });

  it("builds the config file's monitor schema: every type parses with its own fields", () => {
    const minimal: Record<string, Record<string, unknown>> = {
      http: { url: "https://example.com" },
      tcp: { host: "example.com", port: 443 },
      dns: { query: "example.com" },
      tls: { host: "example.com" },
      browser: { url: "https://example.com" },
      heartbeat: { interval: "1h" },
    };
    const monitors = MONITOR_TYPES.map((type) => ({ key: `m-${type}`, name: type, type, ...minimal[type] }));
    const config = parseConfig(stringify({ page: { name: "Test" }, monitors }), {}, "test.yaml");
    expect(config.monitors.map((m) => m.type)).toEqual([...MONITOR_TYPES]);
  });
});
