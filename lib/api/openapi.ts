/**
 * The OpenAPI 3.1 document of /api/v1, generated from the operations' zod schemas (./operations):
 * what validates a request and shapes an answer is what the document says. Public: it holds no data.
 */
import { z } from "zod";
import { MAX_API_KEYS_PER_USER } from "../auth/api-keys";
import type { Operation } from "./operation";
import { OPERATIONS } from "./operations";
import { DEFAULT_API_RATE_LIMIT } from "./rate-limit";
import { errorBody, MAX_PAGE_LIMIT } from "./schemas";

export const API_BASE_PATH = "/api/v1";

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a request (`input`) or an answer (`output`) sees it. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: { "application/json": { schema: ERROR_REF } } });

const RESPONSES = {
  Unauthorized: errorResponse("No API key, or one that is unknown, revoked or expired."),
  Forbidden: errorResponse("The key's scope (read) or its user's role does not allow this."),
  NotFound: errorResponse("There is no such thing."),
  Conflict: errorResponse("Its state does not allow this change (closed, merged, already revoked)."),
  InvalidInput: errorResponse("The input is not valid: `fields` names each field's problems."),
  TooLarge: errorResponse("The body is too large (the limit is in the message)."),
  UnsupportedMediaType: errorResponse("The body is not JSON (send Content-Type: application/json)."),
  RateLimited: errorResponse("Too many requests with this key: wait Retry-After seconds.", {
    "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 1 } },
  }),
} as const;
const ref = (name: keyof typeof RESPONSES) => ({ $ref: `#/components/responses/${name}` });

function parameters(op: Operation) {
  const out: JsonSchema[] = [];
  for (const [where, obj] of [["path", op.params], ["query", op.query]] as const) {
    if (!obj) continue;
    const shape = jsonSchemaOf(obj, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(shape.properties ?? {})) {
      const { description, ...rest } = schema as { description?: string };
      out.push({ name, in: where, required: where === "path" || (shape.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest });
    }
  }
  return out;
}

function operationObject(op: Operation) {
  const access = op.method === "GET" ? "read" : "write";
  const responses: Record<string, unknown> = {
    [String(op.status ?? 200)]: { description: "OK", content: { "application/json": { schema: jsonSchemaOf(op.response, "output") } } },
    "401": ref("Unauthorized"),
    "403": ref("Forbidden"),
    "422": ref("InvalidInput"),
    "429": ref("RateLimited"),
  };
  if (op.params) responses["404"] = ref("NotFound");
  if (op.conflict) responses["409"] = ref("Conflict");
  if (op.body) Object.assign(responses, { "413": ref("TooLarge"), "415": ref("UnsupportedMediaType") });
  return {
    operationId: op.id,
    summary: op.summary,
    description: [op.description, `Needs a key with the ${access} scope whose user has the ${op.permission === "read" ? "viewer" : op.permission === "edit" ? "editor" : "admin"} role or higher.`].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    "x-permission": op.permission,
    "x-scope": access,
    parameters: parameters(op),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(op.body, "input") } } } } : {}),
    responses,
  };
}

/** The document, for `operations` (every operation by default). */
export function openApiDocument(operations: readonly Operation[] = OPERATIONS) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Status monitor API",
      version: "1",
      description: [
        "Incidents, maintenance, components, monitors, results, uptime and latency, subscribers, the audit log and your API keys.",
        "**Authentication**: `Authorization: Bearer sm_…` with an API key from the dashboard (API keys). A key acts as its user, never above the user's role; a read key only reads (GET).",
        `**Pagination**: lists answer \`{ items, next_cursor }\`; pass \`next_cursor\` back as \`cursor\` until it is null. \`limit\` is 1 to ${MAX_PAGE_LIMIT}.`,
        "**Errors**: `{ error: { code, message, fields? } }`; 422 names each field's problem in `fields`; 429 says when to retry in `Retry-After`.",
        `**Limits**: ${DEFAULT_API_RATE_LIMIT} requests a minute per key (by default); JSON bodies up to 128 KiB; ${MAX_API_KEYS_PER_USER} keys per user. Times are ISO 8601 UTC.`,
      ].join("\n\n"),
    },
    servers: [{ url: API_BASE_PATH }],
    security: [{ bearer: [] }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key (sm_…) from the dashboard's API keys page." } },
      schemas: { Error: jsonSchemaOf(errorBody, "output") },
      responses: RESPONSES,
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
