/**
 * A request id for every request the app server answers: it is sent back as X-Request-Id and
 * written beside each log line about the request, so a reader's "it failed at 10:02" and the
 * operator's log meet. A proxy in TRUST_PROXY may hand in its own id (X-Request-Id, the header
 * nginx, Heroku and most load balancers set) so one id follows the request through both; from
 * anyone else, or when it is not a short token, the header is replaced with a fresh id.
 */
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
const SAFE_ID = /^[A-Za-z0-9._:@-]{8,128}$/;

type HeaderValue = string | string[] | undefined;

/** The id to use: the trusted proxy's own when it is a safe token, else a new UUID. */
export function requestIdOf(headers: Record<string, HeaderValue>, fromTrustedProxy: boolean, fresh: () => string = randomUUID): string {
  const given = headers[REQUEST_ID_HEADER];
  if (fromTrustedProxy && typeof given === "string" && SAFE_ID.test(given)) return given;
  return fresh();
}
