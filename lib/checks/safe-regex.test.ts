import { describe, expect, it } from "vitest";
import { compilePattern, patternProblem, REGEX_MAX_PATTERN_LENGTH, regexTimeoutMessage, testWithTimeout } from "./safe-regex";

describe("patternProblem", () => {
  it("accepts a valid pattern and explains an invalid or oversized one", () => {
    expect(patternProblem('"status":\\s*"ok"')).toBeUndefined();
    expect(patternProblem("(a")).toMatch(/^is not a valid JavaScript regular expression: Invalid regular expression: \/\(a\/.*Unterminated group/);
    expect(patternProblem("")).toBe("must not be empty");
    expect(patternProblem("a".repeat(REGEX_MAX_PATTERN_LENGTH))).toBeUndefined();
    expect(patternProblem("a".repeat(REGEX_MAX_PATTERN_LENGTH + 1))).toBe(`must be at most ${REGEX_MAX_PATTERN_LENGTH} characters, got ${REGEX_MAX_PATTERN_LENGTH + 1}`);
    expect(() => compilePattern("(a")).toThrow(/^regular expression is not a valid/);
  });
});

describe("testWithTimeout", () => {
  it("matches and does not match like RegExp.test", () => {
    expect(testWithTimeout(compilePattern('"status":\\s*"ok"'), '{"status": "ok"}')).toBe("matched");
    expect(testWithTimeout(compilePattern("^ok$"), "not ok")).toBe("not matched");
    // A global regex's lastIndex does not leak from one match into the next.
    const global = /ok/g;
    expect(testWithTimeout(global, "ok")).toBe("matched");
    expect(testWithTimeout(global, "ok")).toBe("matched");
  });

  it("interrupts catastrophic backtracking at the time cap: (a+)+$ on aaaa…b", () => {
    const evil = compilePattern("(a+)+$");
    const text = `${"a".repeat(40)}b`; // 2^40 ways to split the a's: hours without a cap
    const started = performance.now();
    expect(testWithTimeout(evil, text, 50)).toBe("timed out");
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeGreaterThanOrEqual(45);
    expect(elapsedMs).toBeLessThan(1_000);
    // The same pattern on text it matches quickly is fine, and the context is still usable.
    expect(testWithTimeout(evil, "aaaa")).toBe("matched");
    expect(regexTimeoutMessage(50)).toBe("regex took longer than 50 ms (possible catastrophic backtracking); simplify the pattern");
  });

  it("a trivial match is never reported as timed out, even when the host stalls the watchdog thread", () => {
    // Node's per-run watchdog thread can be scheduled late; before the guard this reported
    // about one false timeout in a few thousand runs on a busy two-core sandbox.
    const re = /ok/;
    let timedOut = 0;
    for (let i = 0; i < 3_000; i++) if (testWithTimeout(re, '{"status":"ok"}') === "timed out") timedOut++;
    expect(timedOut).toBe(0);
  });

  it("searches a 1 MiB body (the default body cap) well within the time cap", () => {
    const big = "x".repeat(1_048_576);
    expect(testWithTimeout(/y/, big)).toBe("not matched");
    expect(testWithTimeout(/x/, "x")).toBe("matched");
  });
});
