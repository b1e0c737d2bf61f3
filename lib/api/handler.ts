/**
 * The one wrapper every /api/v1 route handler goes through: authenticate the bearer key, count it
 * against the rate limit, check role and scope for the method, validate path, query and body with
 * the operation's zod schemas (bodies read with a byte limit), run the handler, shape the answer
 * through the response schema, and map every error with lib/http/errors.ts. No CORS headers: the
 * API is for servers, not browsers on other sites.
 */
import { z } from "zod";
import { assertApiKeyCan, authenticateApiKey, type ApiKeyActor } from "../auth/api-keys";
import { getDb, type Db } from "../db/client";
import { invalidInput, UserError } from "../errors";
import { BODY_LIMITS, BodyError, readJsonLimited } from "../http/body";
import { errorResponse, type ErrorBody } from "../http/errors";
import type { BodyOf, Operation, ParamsOf, QueryOf, ResultOf } from "./operation";
import { hitApiRateLimit } from "./rate-limit";

export const API_HEADERS = { "cache-control": "no-store" } as const;

export interface ApiContext<O extends Operation> {
  db: Db;
  actor: ApiKeyActor;
  params: ParamsOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
  request: Request;
}

/** How Next calls a route handler: the request and a promise of the path's segments. */
export type RouteHandler = ((request: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>) & { operation: Operation };

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalidInput(r.error);
  return r.data;
}

function bodyErrorResponse(err: BodyError): Response {
  const error: ErrorBody["error"] = { code: "invalid_input", message: err.status === 415 ? err.message : `${err.message[0].toUpperCase()}${err.message.slice(1)}.` };
  return Response.json({ error }, { status: err.status, headers: API_HEADERS });
}

/** A route handler for `op`; `run` gets the caller and the validated input and returns the answer. */
export function apiRoute<const O extends Operation>(op: O, run: (ctx: ApiContext<O>) => Promise<ResultOf<O>>): RouteHandler {
  const access = op.method === "GET" ? "read" : "write";
  const handler = async (request: Request, ctx: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    try {
      const db = await getDb();
      const actor = await authenticateApiKey(db, request.headers.get("authorization"));
      hitApiRateLimit(actor.keyId);
      assertApiKeyCan(actor, op.permission, access);
      const params = (op.params ? parse(op.params, await ctx.params) : {}) as ParamsOf<O>;
      const query = (op.query ? parse(op.query, Object.fromEntries(new URL(request.url).searchParams)) : {}) as QueryOf<O>;
      let body = undefined as BodyOf<O>;
      if (op.body) {
        const type = request.headers.get("content-type") ?? "";
        if (!/^application\/json\b/i.test(type)) throw new BodyError("send the body as JSON, with Content-Type: application/json", 415);
        body = parse(op.body, await readJsonLimited(request, BODY_LIMITS.apiBytes)) as BodyOf<O>;
      }
      const result = op.response.safeParse(await run({ db, actor, params, query, body, request }));
      // An answer that does not fit its schema is our bug (a 500), not the caller's input.
      if (!result.success) throw new Error(`${op.id} answered outside its response schema: ${result.error.message}`);
      return Response.json(result.data, { status: op.status ?? 200, headers: API_HEADERS });
    } catch (err) {
      if (err instanceof BodyError) return bodyErrorResponse(err);
      const res = errorResponse(err, { headers: { ...API_HEADERS } });
      if (err instanceof UserError && err.code === "unauthorized") res.headers.set("www-authenticate", 'Bearer realm="api"');
      return res;
    }
  };
  return Object.assign(handler, { operation: op as Operation });
}
