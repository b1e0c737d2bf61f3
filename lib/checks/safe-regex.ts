/**
 * Regular expressions from monitor config, run against text from the target with a time cap.
 * A pattern like (a+)+$ backtracks for minutes on "aaaa…b", and the target decides the text, so
 * every match runs inside node:vm with a `timeout`: V8 interrupts the backtracking at the
 * deadline. The pattern length is capped at config time; the text is capped by maxBodySize.
 */
import vm from "node:vm";

export const REGEX_MAX_PATTERN_LENGTH = 512;
/** Time one match may take; it blocks the event loop for at most this long. */
export const REGEX_TIMEOUT_MS = 50;

/** Why a pattern cannot be used, in words; undefined when it compiles and is short enough. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return "must not be empty";
  if (pattern.length > REGEX_MAX_PATTERN_LENGTH) {
    return `must be at most ${REGEX_MAX_PATTERN_LENGTH} characters, got ${pattern.length}`;
  }
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    // "Invalid regular expression: /(a/: Unterminated group"
    return `is not a valid JavaScript regular expression: ${(err as Error).message}`;
  }
}

/** Compiles a pattern that passed `patternProblem` (throws with its words otherwise). */
export function compilePattern(pattern: string): RegExp {
  const problem = patternProblem(pattern);
  if (problem) throw new Error(`regular expression ${problem}`);
  return new RegExp(pattern);
}

export type RegexOutcome = "matched" | "not matched" | "timed out";

// One context for the process: creating a V8 context costs far more than a match.
const sandbox: { re: RegExp | null; text: string; matched: boolean; done: boolean } = { re: null, text: "", matched: false, done: false };
let context: vm.Context | undefined;
const matchScript = new vm.Script("matched = re.test(text); done = true;", { filename: "safe-regex" });

/**
 * `regex.test(text)`, interrupted after `timeoutMs`. A regex with the g or y flag is reset first.
 *
 * Node runs a watchdog thread per timed run, and on a loaded or virtualized host the timeout can
 * fire for a run that was not slow: the thread is scheduled late and reports a run that had
 * finished, or the main thread is descheduled mid-run. The script records its own completion
 * (so the first case is not a timeout), and a run that did not complete is tried once more:
 * backtracking that is really catastrophic times out twice, a stall does not happen twice.
 * The cost of a pattern that is truly slow is therefore twice `timeoutMs` per check.
 */
export function testWithTimeout(regex: RegExp, text: string, timeoutMs: number = REGEX_TIMEOUT_MS): RegexOutcome {
  context ??= vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
  sandbox.re = regex;
  sandbox.text = text;
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (runOnce(context, timeoutMs)) return sandbox.matched ? "matched" : "not matched";
    }
    return "timed out";
  } finally {
    // Do not keep a large body alive until the next match.
    sandbox.re = null;
    sandbox.text = "";
  }
}

/** One timed run; true when the match completed. */
function runOnce(ctx: vm.Context, timeoutMs: number): boolean {
  sandbox.re!.lastIndex = 0;
  sandbox.matched = false;
  sandbox.done = false;
  try {
    matchScript.runInContext(ctx, { timeout: timeoutMs });
  } catch (err) {
    if ((err as { code?: unknown })?.code !== "ERR_SCRIPT_EXECUTION_TIMEOUT") throw err;
  }
  return sandbox.done;
}

/** The assertion text for a match that ran out of time. */
export function regexTimeoutMessage(timeoutMs: number = REGEX_TIMEOUT_MS): string {
  return `regex took longer than ${timeoutMs} ms (possible catastrophic backtracking); simplify the pattern`;
}
