import { defineCheckType } from "../types";
import { httpCheckConfigSchema } from "./config";
import { runHttpCheck } from "./run";

/**
 * The HTTP(S) check: one file per concern. config (the schema and what a run needs of it),
 * request (headers and auth), hop (one connection, request and capped body), judge (the
 * assertions), errors (failures in words), run (the check, redirects included).
 */
export {
  HTTP_DEFAULT_MAX_BODY_BYTES,
  HTTP_DEFAULT_MAX_REDIRECTS,
  HTTP_DEFAULT_TLS_EXPIRY_WARNING_MS,
  httpCheckConfigSchema,
  type HttpCheckConfig,
} from "./config";
export { HTTP_DEFAULT_USER_AGENT } from "./request";
export { runHttpCheck } from "./run";
export type { HttpCheckOptions, HttpCheckResult } from "./state";

export const httpCheck = defineCheckType({ type: "http", configSchema: httpCheckConfigSchema, run: runHttpCheck });
