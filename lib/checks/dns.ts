import { Resolver } from "node:dns/promises";
import net from "node:net";
import { z } from "zod";
import { OPEN_POLICY, refusal } from "./policy";
import { Assertions, CheckFailure, CheckStopped, errorCode, startDeadline, startResult, stoppedOutcome, type Deadline } from "./frame";
import { hostPort } from "./socket";
import { codeInWords, defineCheckType, elapsedUs, type CheckResult, type CheckRunOptions } from "./types";

export const DNS_RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** The answer set shown in an assertion's `actual` is cut after this many characters. */
const ANSWERS_SHOWN_CHARS = 200;

/** A DNS name: letters, digits, dashes and underscores (for _dmarc and the like), a trailing dot allowed. */
const queryField = z
  .string({ error: 'expected a DNS name, like "example.com"' })
  .trim()
  .transform((text, ctx) => {
    const name = text.replace(/\.$/, "");
    const labels = name.split(".");
    const valid = name.length > 0 && name.length <= 253 && labels.every((label) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label));
    if (!valid) {
      ctx.addIssue({ code: "custom", message: `expected a DNS name like "example.com" (no scheme, path or port), got ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return name;
  });

/** "1.2.3.4", "1.2.3.4:5353", "2001:db8::1" or "[2001:db8::1]:53" → address and port (53 by default). */
function splitServer(text: string): { address: string; port: number } | undefined {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text) ?? /^([0-9A-Fa-f:.]+)()$/.exec(text);
  const address = m?.[1] ?? "";
  const port = m?.[2] ? Number(m[2]) : 53;
  if (net.isIP(address) === 0 || port < 1 || port > 65_535) return undefined;
  return { address, port };
}

/** Stored as "address:port" (IPv6 in brackets), the form Resolver.setServers takes. */
const serverField = z
  .string({ error: 'expected a DNS server address, like "1.1.1.1" or "[2001:db8::1]:53"' })
  .trim()
  .transform((text, ctx) => {
    const server = splitServer(text);
    if (!server) {
      ctx.addIssue({
        code: "custom",
        message: `expected the IP address of a DNS server, optionally with a port: "1.1.1.1", "1.1.1.1:5353" or "[2001:db8::1]:53", got ${JSON.stringify(text)}`,
      });
      return z.NEVER;
    }
    return hostPort(server.address, server.port);
  });

const answerList = z.array(z.string({ error: "expected a list of answers as text" }).trim().min(1, { error: "must not be empty" }), {
  error: 'expected a list of answers, like ["93.184.216.34"] (MX: "10 mail.example.com"; TXT: the whole text)',
});

/**
 * The settings of a DNS monitor as written in status.config.yaml (next to the common monitor
 * fields): the query must get at least one answer, and the answers must match what is expected.
 */
export const dnsCheckConfigSchema = z.object({
  /** The name to look up. Stored without a trailing dot. */
  query: queryField,
  /** Which records to ask for (case-insensitive in the file). */
  recordType: z.preprocess(
    (value) => (typeof value === "string" ? value.trim().toUpperCase() : value),
    z.enum(DNS_RECORD_TYPES, { error: (iss) => `expected one of ${DNS_RECORD_TYPES.join(", ")}, got ${JSON.stringify(iss.input)}` }).default("A"),
  ),
  /** Ask this server (IP, optional port) instead of the system resolver. Stored as "address:port". */
  server: serverField.optional(),
  /** Each of these must be among the answers (MX as "10 mail.example.com", TXT as the joined text). */
  expect: answerList.min(1, { error: "must list at least one answer; leave expect out to accept any answer" }).optional(),
  /** The answers must be exactly this set, in any order. */
  expectExactly: answerList.min(1, { error: "must list at least one answer; leave expectExactly out to accept any answer" }).optional(),
});

export type DnsCheckConfig = z.output<typeof dnsCheckConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Running the check
// ---------------------------------------------------------------------------------------------

/** Lower case, no trailing dot: names compare case-insensitively. */
function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** The compressed lower-case form, so that "2001:DB8:0::1" equals "2001:db8::1". */
function normalizeIPv6(address: string): string {
  try {
    return new URL(`http://[${address.trim()}]/`).hostname.slice(1, -1);
  } catch {
    return address.trim().toLowerCase();
  }
}

/** An answer or an expected answer in the form both are compared in. */
function normalizeAnswer(type: DnsRecordType, text: string): string {
  switch (type) {
    case "A":
      return text.trim();
    case "AAAA":
      return normalizeIPv6(text);
    case "CNAME":
    case "NS":
      return normalizeName(text);
    case "MX": {
      const [priority, exchange] = text.trim().split(/\s+/, 2);
      return exchange === undefined ? normalizeName(priority) : `${Number(priority)} ${normalizeName(exchange)}`;
    }
    case "TXT":
      return text;
  }
}

/** An expected MX answer may leave out the priority: it then matches the host at any priority. */
function answerMatches(type: DnsRecordType, answer: string, expected: string): boolean {
  if (answer === expected) return true;
  return type === "MX" && !expected.includes(" ") && answer.split(" ")[1] === expected;
}

async function resolveAnswers(resolver: Resolver, type: DnsRecordType, name: string): Promise<string[]> {
  switch (type) {
    case "A":
      return resolver.resolve4(name);
    case "AAAA":
      return (await resolver.resolve6(name)).map(normalizeIPv6);
    case "CNAME":
      return (await resolver.resolveCname(name)).map(normalizeName);
    case "NS":
      return (await resolver.resolveNs(name)).map(normalizeName);
    case "MX":
      return (await resolver.resolveMx(name)).map((mx) => `${mx.priority} ${normalizeName(mx.exchange)}`);
    case "TXT":
      // A TXT record is a list of character-strings of ≤ 255 bytes; its text is them joined.
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
  }
}

function answerSetInWords(answers: string[]): string {
  if (answers.length === 0) return "no answers";
  const text = [...new Set(answers)].sort().join(", ");
  return text.length > ANSWERS_SHOWN_CHARS ? `${text.slice(0, ANSWERS_SHOWN_CHARS - 1)}…` : text;
}

/** A resolver error as a sentence naming the DNS code in words. */
function resolveFailure(err: unknown, config: DnsCheckConfig, serverInWords: string): CheckFailure {
  const code = errorCode(err);
  const { query, recordType } = config;
  switch (code) {
    case "ENOTFOUND":
      return new CheckFailure("dns", `no such name (NXDOMAIN): ${query}`);
    case "ENODATA":
      return new CheckFailure("dns", `no ${recordType} records (NODATA) for ${query}: the name exists, but has no records of this type`);
    case "ESERVFAIL":
      return new CheckFailure("dns", `${serverInWords} failed to answer for ${query} (SERVFAIL): the zone's name servers may be down or DNSSEC validation failed`);
    case "EREFUSED":
      return new CheckFailure("dns", `${serverInWords} refused the ${recordType} query for ${query} (REFUSED): it does not serve this name to this probe`);
    case "ETIMEOUT":
      return new CheckFailure("timeout", `${serverInWords} did not answer the ${recordType} query for ${query} (ETIMEOUT)`);
    case "ECONNREFUSED":
      return new CheckFailure("dns", `nothing answers DNS at ${serverInWords} (ECONNREFUSED)`);
    case "EBADRESP":
    case "EFORMERR":
      return new CheckFailure("dns", `${serverInWords} sent a malformed answer for ${query} (${code})`);
    case "ENOTIMP":
      return new CheckFailure("dns", `${serverInWords} does not support ${recordType} queries (NOTIMP)`);
    default:
      return new CheckFailure("dns", `DNS ${recordType} query for ${query} failed: ${codeInWords(code, (err as Error)?.message ?? String(err))}`);
  }
}

/**
 * One DNS check: a fresh resolver asks for one record type, then the answer set is compared
 * with what is expected. Never throws: whatever the server does becomes a result with an error
 * class and a message; a bug of ours becomes "internal".
 */
export async function runDnsCheck(config: DnsCheckConfig, opts: CheckRunOptions): Promise<CheckResult> {
  const assertions = new Assertions();
  const phases: CheckResult["phases"] = {};
  const serverInWords = config.server ? `DNS server ${config.server}` : "the system resolver";
  const { finish } = startResult<CheckResult>(() => ({ phases, assertions: assertions.list }));
  let deadline: Deadline | undefined;
  let resolver: Resolver | undefined;

  try {
    if (config.server) {
      // The server is the one address this check sends packets to, so the policy applies to it.
      const address = splitServer(config.server)?.address ?? config.server;
      const refused = refusal(opts.policy ?? OPEN_POLICY, address, address);
      if (refused) return finish({ status: "down", errorClass: "blocked", message: `DNS server: ${refused}` });
    }
    deadline = startDeadline(opts);
    // Retries at a third of the deadline; the deadline itself cancels whatever is still pending.
    resolver = new Resolver({ timeout: Math.max(50, Math.floor(opts.timeoutMs / 3)), tries: 3 });
    if (config.server) resolver.setServers([config.server]);

    const dnsStart = performance.now();
    let answers: string[];
    try {
      answers = await deadline.race(resolveAnswers(resolver, config.recordType, config.query));
    } catch (err) {
      if (err instanceof CheckStopped) throw err;
      phases.dnsUs = elapsedUs(dnsStart);
      const failure = resolveFailure(err, config, serverInWords);
      if (errorCode(err) === "ENODATA") {
        assertions.add({ name: "answers", ok: false, expected: "at least one answer", actual: "no answers (NODATA)", severity: "down" });
      }
      return finish({ status: "down", errorClass: failure.errorClass, message: failure.message });
    }
    phases.dnsUs = elapsedUs(dnsStart);

    const type = config.recordType;
    const answerSet = new Set(answers);
    const shown = answerSetInWords(answers);
    assertions.add(
      { name: "answers", ok: answers.length > 0, expected: "at least one answer", actual: shown, severity: "down" },
      `no ${type} records in the answer for ${config.query}`,
    );
    if (config.expect) {
      const expected = config.expect.map((e) => normalizeAnswer(type, e));
      const missing = expected.filter((e) => !answers.some((a) => answerMatches(type, a, e)));
      assertions.add(
        { name: "expect", ok: missing.length === 0, expected: `contains ${expected.join(", ")}`, actual: shown, severity: "down" },
        `${type} answers for ${config.query} lack ${missing.join(", ")} (got ${shown})`,
      );
    }
    if (config.expectExactly) {
      const expected = [...new Set(config.expectExactly.map((e) => normalizeAnswer(type, e)))].sort();
      const missing = expected.filter((e) => !answers.some((a) => answerMatches(type, a, e)));
      const unexpected = [...answerSet].filter((a) => !expected.some((e) => answerMatches(type, a, e))).sort();
      const differences = [missing.length ? `missing ${missing.join(", ")}` : "", unexpected.length ? `unexpected ${unexpected.join(", ")}` : ""].filter(Boolean);
      assertions.add(
        { name: "expectExactly", ok: differences.length === 0, expected: `exactly ${expected.join(", ")}`, actual: shown, severity: "down" },
        `${type} answers for ${config.query} differ from the expected set: ${differences.join("; ")}`,
      );
    }

    return finish(assertions.verdict("assertion"));
  } catch (err) {
    const waiting = `waiting for ${serverInWords}`;
    const stopped = stoppedOutcome(err, opts.timeoutMs, `${waiting} to answer the ${config.recordType} query for ${config.query}`, waiting);
    if (stopped) return finish(stopped);
    return finish({ status: "down", errorClass: "internal", message: `internal error in the dns check: ${(err as Error)?.message ?? String(err)}` });
  } finally {
    deadline?.dispose();
    // Stops c-ares retrying a query nobody waits for any more (its promise rejects, ignored).
    resolver?.cancel();
  }
}

export const dnsCheck = defineCheckType({ type: "dns", configSchema: dnsCheckConfigSchema, run: runDnsCheck });
