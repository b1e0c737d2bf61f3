/**
 * A 403 for a plain (no-JavaScript) form post of a server action that a role may not run.
 * Next answers forbidden() with 403 to a page and to a fetch-mode action call, but renders a
 * plain form post's forbidden() as its not-found page with status 404 (app-render's MPA action
 * path). So requireUser marks the request here before calling forbidden(), and our HTTP server
 * (worker/app-server.ts) sends that 404 as 403. The mark lives in an AsyncLocalStorage on
 * globalThis: the server and the app's bundle are separate module graphs in one process.
 */
import { AsyncLocalStorage } from "node:async_hooks";

interface RequestMarks {
  forbidden: boolean;
}

const KEY = Symbol.for("status-monitor.request-marks");
const storage = (): AsyncLocalStorage<RequestMarks> => ((globalThis as Record<symbol, unknown>)[KEY] ??= new AsyncLocalStorage<RequestMarks>()) as AsyncLocalStorage<RequestMarks>;

/** Called just before forbidden(): this request ends in 403, whatever Next's path for it. */
export function markForbidden(): void {
  const marks = storage().getStore();
  if (marks) marks.forbidden = true;
}

/** Runs one request's handling; an answer of 404 after markForbidden goes out as 403. */
export function withForbiddenStatus(res: { writeHead: (...args: never[]) => unknown }, handle: () => unknown): void {
  const marks: RequestMarks = { forbidden: false };
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => unknown;
  // Node calls writeHead itself before the first write when the handler only set statusCode.
  (res as { writeHead: (status: number, ...rest: unknown[]) => unknown }).writeHead = (status: number, ...rest: unknown[]) =>
    writeHead(marks.forbidden && status === 404 ? 403 : status, ...rest);
  storage().run(marks, handle);
}
