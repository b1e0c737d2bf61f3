import { MONITOR_TYPES } from "../db/schema/monitors";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { httpCheckConfigSchema } from "../checks/http";
import type { ConfigEnv } from "./env";
import { ConfigError, loadConfig, parseConfig } from "./load";
import { DEFAULT_RETENTION } from "../results/retention-policy";

const ENV = { APP_URL: "http://127.0.0.1:3000", DEMO_TARGET_URL: "http://127.0.0.1:4100" };

/** A valid file to start from; line numbers are noted where tests rely on them. */
const BASE = [
  "page:", // 1
  "  name: Acme Status", // 2
  "groups:", // 3
  "  - key: core", // 4
  "    name: Core services", // 5
  "components:", // 6
  "  - key: api", // 7
  "    name: API", // 8
  "    group: core", // 9
  "monitors:", // 10
  "  - key: api-health", // 11
  "    name: API health", // 12
  "    type: http", // 13
  "    component: api", // 14
  "    interval: 30s", // 15
  "    url: ${APP_URL}/api/health", // 16
];

function yaml(lines: string[]): string {
  return lines.join("\n") + "\n";
}

/** BASE with line `n` (1-based) replaced by `replacement` (any number of lines). */
function edit(n: number, ...replacement: string[]): string[] {
  return [...BASE.slice(0, n - 1), ...replacement, ...BASE.slice(n)];
}

function issuesOf(text: string, env: ConfigEnv = ENV): string[] {
  try {
    parseConfig(text, env, "test.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.message.split("\n")).toHaveLength(configError.issues.length);
    return configError.message.split("\n");
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig: regions and quorum", () => {
  it("takes a monitor's regions (sorted, without repeats) and quorum, and says what is wrong with bad ones", () => {
    const text = yaml(edit(16, "    url: http://x.test/", "    regions: [us-east, eu-west, us-east]", "    quorum: 2"));
    const [m] = parseConfig(text, {}).monitors;
    expect(m.regions).toEqual(["eu-west", "us-east"]);
    expect(m.quorum).toBe(2);
    expect(issuesOf(yaml(edit(16, "    url: http://x.test/", "    regions: [EU West]")))).toEqual([
      'monitors[0].regions[0]: expected a region name like eu-west (lowercase letters, digits, dashes), got "EU West" (line 17)',
    ]);
    expect(issuesOf(yaml(edit(16, "    url: http://x.test/", "    quorum: 0")))).toEqual(["monitors[0].quorum: must be at least 1, got 0 (line 17)"]);
  });
});

describe("parseConfig: channels and escalation", () => {
  const page = "page:\n  name: X\n";
  it("validates each channel with its type's settings and says what to change", () => {
    expect(issuesOf(page + "channels:\n  - key: s\n    type: slak\n")).toEqual([
      expect.stringMatching(/^channels\[0\]\.type: unknown channel type "slak"; expected one of email, slack, discord, webhook, sms, ntfy \(line 5\)$/),
    ]);
    const bad = issuesOf(page + "channels:\n  - key: s\n    type: slack\n    webhookUrl: ftp://example.com/x\n");
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^channels\[0\]\.webhookUrl: .*https.*\(line 6\)$/);
  });

  it("checks that steps name declared channels and monitors name declared policies", () => {
    const text =
      page +
      "channels:\n  - key: ops-email\n    type: email\n    to: [ops@example.com]\n" +
      "escalation:\n  - key: default\n    steps:\n      - channels: [ops-emial]\n" +
      "monitors:\n  - key: m\n    name: M\n    type: http\n    url: http://127.0.0.1:9/\n    escalation: defualt\n";
    expect(issuesOf(text)).toEqual([
      'escalation[0].steps[0].channels[0]: unknown channel "ops-emial", did you mean "ops-email"? (line 10)',
      'monitors[0].escalation: unknown escalation policy "defualt", did you mean "default"? (line 16)',
    ]);
  });

  it("normalizes policies: steps by delay, durations in ms, channel settings kept apart", () => {
    const config = parseConfig(
      page +
        "channels:\n  - key: a\n    type: email\n    to: [a@example.com]\n  - key: b\n    name: B chat\n    type: slack\n    webhookUrl: https://hooks.slack.com/services/T/B/x\n" +
        "escalation:\n  - key: default\n    steps:\n      - after: 5m\n        channels: [b, b]\n      - channels: [a]\n    repeat: 30m\n",
      {},
    );
    expect(config.channels).toEqual([
      { key: "a", name: "a", type: "email", settings: { to: ["a@example.com"] } },
      { key: "b", name: "B chat", type: "slack", settings: { webhookUrl: "https://hooks.slack.com/services/T/B/x" } },
    ]);
    expect(config.escalation).toEqual([
      { key: "default", name: "default", steps: [{ afterMs: 0, channels: ["a"] }, { afterMs: 300_000, channels: ["b"] }], repeatEveryMs: 1_800_000 },
    ]);
  });
});

describe("parseConfig: a valid file", () => {
  it("normalizes durations, applies defaults and separates the check settings", () => {
    const config = parseConfig(yaml(BASE), ENV);
    expect(config).toEqual({
      page: { name: "Acme Status", description: null, uptime: { partialOutageWeight: 0.3, degradedWeight: 0 } },
      groups: [{ key: "core", name: "Core services" }],
      components: [{ key: "api", name: "API", groupKey: "core", description: null, isPublic: true, showLatency: true, publishIncidents: false }],
      monitors: [
        {
          key: "api-health",
          name: "API health",
          type: "http",
          componentKey: "api",
          intervalS: 30,
          timeoutMs: 10_000,
          isPublic: true,
          failureThreshold: 2,
          successThreshold: 2,
          regions: null,
          quorum: null,
          escalationKey: null,
          checkConfig: httpCheckConfigSchema.parse({ url: "http://127.0.0.1:3000/api/health" }),
          // The entry as written, environment substituted: what the edit form and the export show.
          spec: { key: "api-health", name: "API health", type: "http", component: "api", interval: "30s", url: "http://127.0.0.1:3000/api/health" },
        },
      ],
      channels: [],
      escalation: [],
      backups: null,
      retention: DEFAULT_RETENTION,
    });
  });

  it("defaults the timeout to half of a short interval, and makes monitors of private components private", () => {
    const lines = edit(15, "    interval: 10s");
    lines.splice(8, 0, "    public: false"); // component api
    const [monitor] = parseConfig(yaml(lines), ENV).monitors;
    expect(monitor.timeoutMs).toBe(5_000);
    expect(monitor.isPublic).toBe(false);
  });

  it("substitutes ${NAME:-default}, escapes $${NAME}, and reads unquoted numbers after substitution", () => {
    const text = yaml([
      ...edit(16, "    url: ${TARGET:-http://localhost:9}/x", '    bodyContains: "$${literal}"', "    failureThreshold: ${THRESHOLD}"),
    ]);
    const [monitor] = parseConfig(text, { THRESHOLD: "5" }).monitors;
    if (monitor.type !== "http") throw new Error("expected an http monitor");
    expect(monitor.checkConfig.url).toBe("http://localhost:9/x");
    expect(monitor.checkConfig.bodyContains).toBe("${literal}");
    expect(monitor.failureThreshold).toBe(5);
  });

  it("reads retention in the file's units, with defaults, and names every field it refuses", () => {
    const page = "page:\n  name: X\n";
    expect(parseConfig(`${page}retention:\n  raw: 10d\n  hourly: forever\n  logins: 36h\n`, {}).retention).toEqual({ ...DEFAULT_RETENTION, rawMs: 10 * 86_400_000, hourlyMs: null, loginsMs: 36 * 3_600_000 });
    expect(issuesOf(`${page}retention:\n  raw: 3d\n  hourly: sometimes\n  audit: forever\n  daily: 40000d\n`)).toEqual([
      "retention.raw: must be at least 7d, got 3d (line 4)",
      'retention.hourly: expected a duration like "30d" or "forever", got "sometimes" (line 5)',
      'retention.audit: expected a duration like "30d", got "forever" (line 6)',
      'retention.daily: must be at most 36500d (or "forever"), got 40000d (line 7)',
    ]);
  });

  it("accepts a file with only a page", () => {
    expect(parseConfig("page:\n  name: X\n", {})).toEqual({ page: { name: "X", description: null, uptime: { partialOutageWeight: 0.3, degradedWeight: 0 } }, groups: [], components: [], monitors: [], channels: [], escalation: [], backups: null, retention: DEFAULT_RETENTION });
  });
});

describe("parseConfig: errors name the field and its line", () => {
  it("reports a too-short interval exactly", () => {
    expect(issuesOf(yaml(edit(15, "    interval: 2s")))).toEqual(["monitors[0].interval: must be at least 10s, got 2s (line 15)"]);
  });

  it("reports a timeout that is not shorter than the interval", () => {
    expect(issuesOf(yaml(edit(15, "    interval: 30s", "    timeout: 30s")))).toEqual([
      "monitors[0].timeout: must be less than interval (30s), got 30s (line 16)",
    ]);
  });

  it("reports an unknown field with a hint", () => {
    expect(issuesOf(yaml(edit(15, "    intervl: 30s")))).toEqual(['monitors[0].intervl: unknown field, did you mean "interval"? (line 15)']);
    expect(issuesOf(yaml([...BASE, "    colour: blue"]))[0]).toMatch(/^monitors\[0\]\.colour: unknown field; expected one of: key, name, .*url, .* \(line 17\)$/);
  });

  it("reports a missing required field at its entry's line", () => {
    expect(issuesOf(yaml(edit(16)))).toEqual(["monitors[0].url: is required (line 11)"]);
    expect(issuesOf(yaml(edit(2, "  description: no name")))).toEqual(["page.name: is required (line 1)"]);
  });

  it("reports duplicate keys", () => {
    expect(issuesOf(yaml([...BASE.slice(0, 6), "  - key: api", "    name: Old API", ...BASE.slice(6)]))).toEqual([
      'components[1].key: duplicate key "api", already used by components[0] (line 9)',
    ]);
  });

  it("reports unknown references", () => {
    expect(issuesOf(yaml(edit(14, "    component: apy")))).toEqual(['monitors[0].component: unknown component "apy", did you mean "api"? (line 14)']);
    expect(issuesOf(yaml(edit(9, "    group: websites")))).toEqual(['components[0].group: unknown group "websites"; declared groups: core (line 9)']);
  });

  it("reports a bad URL", () => {
    expect(issuesOf(yaml(edit(16, "    url: ftp://example.com/")))).toEqual(["monitors[0].url: expected an http:// or https:// URL (line 16)"]);
  });

  it("reports a missing environment variable with the field and line", () => {
    expect(issuesOf(yaml(BASE), {})).toEqual(["monitors[0].url: environment variable APP_URL is not set (line 16)"]);
    expect(issuesOf(yaml(BASE), { APP_URL: "" })).toEqual(["monitors[0].url: environment variable APP_URL is empty (line 16)"]);
    expect(issuesOf(yaml(edit(16, "    url: ${APP_URL/x")))).toEqual([
      'monitors[0].url: malformed environment reference "${APP_URL/x" (write ${NAME} or ${NAME:-default}) (line 16)',
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const lines = issuesOf(yaml(edit(12, "    name: [API health")));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^YAML syntax error: .+ \(line 1[23]\)$/);
    expect(issuesOf("page:\n  name: A\n  name: B\n")).toEqual([expect.stringMatching(/^YAML syntax error: Map keys must be unique \(line 3\)$/)]);
  });

  it("reports an unknown monitor type and wrong value types", () => {
    expect(issuesOf(yaml(edit(13, "    type: carrier-pigeon")))).toEqual([`monitors[0].type: unknown monitor type "carrier-pigeon"; supported types: ${MONITOR_TYPES.join(", ")} (line 13)`]);
    expect(issuesOf(yaml([...BASE.slice(0, 2), "groups: core", ...BASE.slice(5)]))).toEqual([
      "groups: expected a list of groups (line 3)",
      'components[0].group: unknown group "core"; no groups are declared (line 7)',
    ]);
    expect(issuesOf("- a\n- b\n")).toEqual(["expected a mapping, got a list (line 1)"]);
    expect(issuesOf("# nothing yet\n")).toEqual(["the file is empty: it needs at least `page:` with a `name:`"]);
  });

  it("reports several problems together, in file order", () => {
    const text = yaml([
      ...BASE.slice(0, 12),
      "    type: http",
      "    component: nope",
      "    interval: 2s",
      "    url: ${MISSING_VAR:-not a url}",
      "    failureThreshold: 0",
      "    retries: 3",
    ]);
    expect(issuesOf(text)).toEqual([
      'monitors[0].component: unknown component "nope"; declared components: api (line 14)',
      "monitors[0].interval: must be at least 10s, got 2s (line 15)",
      "monitors[0].url: expected an http:// or https:// URL (line 16)",
      "monitors[0].failureThreshold: must be from 1 to 20, got 0 (line 17)",
      expect.stringMatching(/^monitors\[0\]\.retries: unknown field; expected one of: key, name, component, .*, url, .* \(line 18\)$/),
    ]);
  });

  it("reports missing variables together with other problems", () => {
    expect(issuesOf(yaml(edit(15, "    interval: 2s")), {})).toEqual([
      "monitors[0].interval: must be at least 10s, got 2s (line 15)",
      "monitors[0].url: environment variable APP_URL is not set (line 16)",
    ]);
  });

  it("carries the issues as data", () => {
    try {
      parseConfig(yaml(edit(15, "    interval: 2s")), ENV);
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).issues).toEqual([{ path: "monitors[0].interval", message: "must be at least 10s, got 2s", line: 15 }]);
    }
  });
});

describe("loadConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "status-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a file", async () => {
    const file = join(dir, "ok.yaml");
    writeFileSync(file, yaml(BASE));
    expect((await loadConfig(file, ENV)).monitors[0].key).toBe("api-health");
  });

  it("turns a missing file into a ConfigError", async () => {
    await expect(loadConfig(join(dir, "absent.yaml"), ENV)).rejects.toThrow(/cannot read .*absent\.yaml: file not found/);
  });

  it("parses the example status.config.yaml at the repository root", async () => {
    const config = await loadConfig(resolve(__dirname, "../../status.config.yaml"), ENV);
    expect(config.page.name).toBe("Acme Status");
    expect(config.groups.map((g) => g.name)).toEqual(["Core services", "Websites"]);
    expect(config.monitors.length).toBeGreaterThanOrEqual(4);
    const http = config.monitors.flatMap((m) => (m.type === "http" ? [m] : []));
    for (const monitor of http) {
      expect(monitor.checkConfig.url).toMatch(/^http:\/\/127\.0\.0\.1:(3000|4100)\//);
      expect(monitor.intervalS).toBeGreaterThanOrEqual(10);
      expect(monitor.intervalS).toBeLessThanOrEqual(30);
    }
    const urls = http.map((m) => m.checkConfig.url);
    for (const path of ["/api/health", "/healthy", "/slow", "/flaky"]) expect(urls.some((u) => u.endsWith(path))).toBe(true);
  });
});
