/**
 * The frame every check type runs in: one deadline joined with the caller's cancel signal, the
 * error classes a check throws inside itself, and the builder of its result. A check never
 * throws out of run(): everything here ends as a CheckResult.
 */
import { elapsedUs, type AssertionResult, type CheckResult, type CheckRunOptions, type ErrorClass, type ResultStatus } from "./types";

export const DAY_MS = 86_400_000;

/** A target-caused failure (or, as `internal`, the probe's setup) with its class and a message in words. */
export class CheckFailure extends Error {
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
    /** A few words for an assertion's `actual` ("refused (ECONNREFUSED)"), where one applies. */
    readonly actual?: string,
  ) {
    super(message);
  }
}

/** Why a check was stopped from outside: our deadline, or the caller's signal (shutdown). */
export class CheckStopped extends Error {
  constructor(readonly reason: "deadline" | "cancelled") {
    super(reason === "deadline" ? "deadline passed" : "check cancelled");
  }
}

export interface Deadline {
  /** Aborted (with a CheckStopped reason) at the deadline, when the caller cancels, or on stop(). */
  signal: AbortSignal;
  /** Settles `work`, or rejects with CheckStopped as soon as the signal aborts (`work` is left to finish on its own). */
  race<T>(work: Promise<T>): Promise<T>;
  /** The check has returned: whatever still runs sees the signal abort (as cancelled). */
  stop(): void;
  dispose(): void;
}

/** One overall deadline (opts.timeoutMs) joined with the caller's cancel signal. */
export function startDeadline(opts: Pick<CheckRunOptions, "timeoutMs" | "signal">): Deadline {
  const controller = new AbortController();
  const onCancel = () => controller.abort(new CheckStopped("cancelled"));
  const timer = setTimeout(() => controller.abort(new CheckStopped("deadline")), opts.timeoutMs);
  if (opts.signal?.aborted) onCancel();
  else opts.signal?.addEventListener("abort", onCancel, { once: true });
  return {
    signal: controller.signal,
    race<T>(work: Promise<T>): Promise<T> {
      const signal = controller.signal;
      // Whatever loses the race must not become an unhandled rejection.
      work.catch(noop);
      if (signal.aborted) return Promise.reject(signal.reason);
      let onAbort = noop;
      const stopped = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
      });
      return Promise.race([work, stopped]).finally(() => signal.removeEventListener("abort", onAbort));
    },
    stop() {
      if (!controller.signal.aborted) onCancel();
    },
    dispose() {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onCancel);
    },
  };
}

/**
 * The outcome of a check stopped by its deadline or by the caller, `doing` saying where it was
 * ("in the TLS handshake with …"); undefined for any other reason.
 */
export function stoppedOutcome(reason: unknown, timeoutMs: number, doing: string, doingWhenCancelled: string = doing): Outcome | undefined {
  if (!(reason instanceof CheckStopped)) return undefined;
  if (reason.reason === "deadline") return { status: "down", errorClass: "timeout", message: `timed out after ${timeoutMs} ms ${doing}` };
  return { status: "down", errorClass: "internal", message: `check cancelled before it finished (it was ${doingWhenCancelled})` };
}

/** How a check ended: the part of a result that says up, degraded or down, and why. */
export interface Outcome {
  status: ResultStatus;
  errorClass?: ErrorClass;
  message?: string;
}

/** Settles `work` within `ms`, else (or when it fails) with `onTimeout`. For cleanup that must not hang. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(onTimeout);
      },
    );
  });
}

export function noop() {}

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The error's own text, for a message. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The first line of an error's text (Playwright's run on for pages). */
export function firstLine(err: unknown): string {
  return errorText(err).split("\n")[0].trim();
}

export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/**
 * The clock and result builder of one check, started when it is made. `facts` gives what the
 * check has learned so far (phases, assertions, …), read when the result is built, so a failure
 * result holds whatever got that far.
 */
export function startResult<R extends CheckResult>(facts: () => Pick<CheckResult, "phases" | "assertions"> & Partial<R>) {
  const startedAt = Date.now();
  const start = performance.now();
  return {
    elapsedUs: () => elapsedUs(start),
    finish: (fields: Outcome & Partial<R>): R => ({ startedAt, totalUs: elapsedUs(start), ...facts(), ...fields }) as R,
  };
}

export type FinishResult<R extends CheckResult> = ReturnType<typeof startResult<R>>["finish"];

/**
 * The assertions of one check, each recorded with the sentence that says why it failed: the
 * words are chosen where the comparison is made, and the verdict only joins them.
 */
export class Assertions {
  readonly list: AssertionResult[] = [];
  private readonly sentences = new Map<AssertionResult, string>();

  /**
   * Records an assertion. `sentence` is its failure in words; "" when another failed assertion
   * already says it (it is then left out of the message).
   */
  add(assertion: AssertionResult, sentence = `${assertion.name}: ${assertion.actual}, expected ${assertion.expected}`): AssertionResult {
    this.list.push(assertion);
    this.sentences.set(assertion, sentence);
    return assertion;
  }

  /** Status, error class and message from the assertions: failed "down" ones first; a sentence said once. */
  verdict(failClass: ErrorClass): Outcome {
    const failedDown = this.list.filter((a) => !a.ok && a.severity === "down");
    if (failedDown.length > 0) return { status: "down", errorClass: failClass, message: this.say(failedDown) };
    const failedDegraded = this.list.filter((a) => !a.ok && a.severity === "degraded");
    if (failedDegraded.length > 0) return { status: "degraded", message: this.say(failedDegraded) };
    return { status: "up" };
  }

  private say(failed: AssertionResult[]): string {
    const said = [...new Set(failed.map((a) => this.sentences.get(a)).filter(Boolean))];
    return said.join("; ") || failed.map((a) => `${a.name}: ${a.actual}`).join("; ");
  }
}
