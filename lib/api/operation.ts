/**
 * One /api/v1 operation as data: its method and path, who may call it, and the zod schemas of its
 * path, query, body and answer. Route handlers are built from it (./handler.ts) and the OpenAPI
 * document is generated from it (./openapi.ts), so the two cannot drift apart.
 */
import type { z } from "zod";
import type { Permission } from "../auth/roles";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

export interface Operation {
  /** operationId: camelCase, unique. */
  id: string;
  method: Method;
  /** Below /api/v1, with {name} for path segments ("/incidents/{id}"), as the folders under app/api/v1 are named. */
  path: `/${string}`;
  tag: string;
  summary: string;
  description?: string;
  /** The role permission needed (lib/auth/roles.ts); GET also needs a read scope, anything else the write scope. */
  permission: Permission;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The answer's shape: it is parsed through this, so fields it does not name never leave. */
  response: z.ZodType;
  /** 200 unless it creates (201). */
  status?: 200 | 201;
  /** Whether it can answer 409 (a state that does not allow the change). */
  conflict?: boolean;
}

/** Typed identity: keeps each operation's schemas' types for its handler. */
export function defineOperation<const O extends Operation>(op: O): O {
  return op;
}

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
export type ParamsOf<O extends Operation> = Out<O["params"]>;
export type QueryOf<O extends Operation> = Out<O["query"]>;
export type BodyOf<O extends Operation> = O["body"] extends z.ZodType ? z.output<O["body"]> : undefined;
/** What a handler returns: the answer before it is shaped (epoch ms times, extra fields dropped). */
export type ResultOf<O extends Operation> = z.input<O["response"]>;
