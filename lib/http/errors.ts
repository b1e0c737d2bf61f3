import { z } from "zod";
import { invalidInput, UserError, type UserErrorCode } from "../errors";

/** What an API answers on error, unless a route keeps an older body its callers read (see `body`). */
export interface ErrorBody {
  error: { code: UserErrorCode | "internal"; message: string; fields?: Record<string, string[]> };
}

/** Said for anything that is not the user's to fix; the details go to the log only. */
export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. Try again in a moment.";

export interface ErrorResponseOptions {
  /** Headers for every answer (cache-control). */
  headers?: Record<string, string>;
  /**
   * The body of a public API whose callers already read another shape (the subscribe, probe
   * ingest and push APIs answer { error: "<message>" }); the default is ErrorBody.
   */
  body?: (error: ErrorBody["error"]) => unknown;
  /** Statuses a public API has always answered for a code (the push API's 400 for a bad ?status). */
  status?: Partial<Record<UserErrorCode, number>>;
  /** Where an unexpected error is logged. */
  log?: (message: string) => void;
}

/**
 * The one mapping from an error to a route handler's answer: a UserError → its code's status
 * (Retry-After on 429), a zod error → 422 with the issues by field, anything else → a generic
 * 500 that says nothing about the internals, which are logged.
 */
export function errorResponse(err: unknown, opts: ErrorResponseOptions = {}): Response {
  const user = err instanceof UserError ? err : err instanceof z.ZodError ? invalidInput(err) : null;
  const headers = { ...opts.headers };
  const body = opts.body ?? ((error: ErrorBody["error"]): ErrorBody => ({ error }));
  if (!user) {
    (opts.log ?? console.error)(`unexpected error in a route handler: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return Response.json(body({ code: "internal", message: INTERNAL_ERROR_MESSAGE }), { status: 500, headers });
  }
  const status = opts.status?.[user.code] ?? user.status;
  if (status === 429 && user.retryAfterS !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(user.retryAfterS)));
  const fields = user.fieldErrors && Object.keys(user.fieldErrors).length ? user.fieldErrors : undefined;
  return Response.json(body({ code: user.code, message: user.message, ...(fields ? { fields } : {}) }), { status, headers });
}

/** The body the oldest public APIs answer with: { error: "<message>" }. */
export const messageOnlyBody = (error: ErrorBody["error"]) => ({ error: error.message });
