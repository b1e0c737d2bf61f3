import type { z } from "zod";

/**
 * What a user (a person at a form, a script at an API) must change, in one shape for every domain
 * module. The adapters map it the same way everywhere: route handlers with lib/http/errors.ts,
 * server actions with lib/http/form-state.ts.
 */
export const USER_ERROR_CODES = ["invalid_input", "not_found", "conflict", "gone", "rate_limited", "unauthorized", "forbidden", "unavailable"] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/** The HTTP status of each code. `gone` and `unavailable` keep the subscribe API's 410 and 503. */
export const HTTP_STATUS_OF: Record<UserErrorCode, number> = {
  invalid_input: 422,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
  unavailable: 503,
};

export interface UserErrorOptions {
  /** Messages by field (the input's own names, dotted for nested ones), shown next to each field. */
  fieldErrors?: Record<string, string[]>;
  /** For rate_limited: when to try again, in whole seconds. */
  retryAfterS?: number;
  /**
   * A finer, stable name of the cause where an adapter must pass it on without the words (the
   * public subscribe form redirects with ?error=<reason>, so a link cannot put text on the page).
   */
  reason?: string;
  cause?: unknown;
}

/** A request the user can fix; the message says how. */
export class UserError extends Error {
  readonly fieldErrors?: Record<string, string[]>;
  readonly retryAfterS?: number;
  readonly reason?: string;

  constructor(
    readonly code: UserErrorCode,
    message: string,
    opts: UserErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "UserError";
    if (opts.fieldErrors) this.fieldErrors = opts.fieldErrors;
    if (opts.retryAfterS !== undefined) this.retryAfterS = opts.retryAfterS;
    if (opts.reason !== undefined) this.reason = opts.reason;
  }

  /** The HTTP status of the code. */
  get status(): number {
    return HTTP_STATUS_OF[this.code];
  }
}

/** Each issue's message under its dotted path; issues about the whole input have no field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".");
    if (field) (out[field] ??= []).push(issue.message);
  }
  return out;
}

/** A failed zod parse as invalid_input: the first issue's message (or `fallback`), every issue by field. */
export function invalidInput(error: z.ZodError, fallback = "Check the form and try again."): UserError {
  return new UserError("invalid_input", error.issues[0]?.message ?? fallback, { fieldErrors: fieldErrorsOf(error), cause: error });
}

/** invalid_input about one field: the message, also shown next to that field. */
export function fieldError(field: string, message: string): UserError {
  return new UserError("invalid_input", message, { fieldErrors: { [field]: [message] } });
}
