/**
 * Test support: every route file under app/api/v1, found by walking the folder (so a route added
 * later is walked too), with a dispatcher that calls its handlers as Next does, and a loopback
 * HTTP server over that dispatcher for clients that speak HTTP.
 */
import { readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join, relative, sep } from "node:path";
import type { RouteHandler } from "./handler";

export const V1_DIR = join(process.cwd(), "app", "api", "v1");

export interface RouteFile {
  /** The file, relative to the repository. */
  file: string;
  /** The OpenAPI path below /api/v1 ("/incidents/{id}"), from the folder names. */
  path: string;
  handlers: Partial<Record<string, RouteHandler | ((req: Request) => Response | Promise<Response>)>>;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name === "route.ts" ? [join(dir, e.name)] : []));
}

export async function loadRouteFiles(): Promise<RouteFile[]> {
  const out: RouteFile[] = [];
  for (const abs of walk(V1_DIR)) {
    const folder = relative(V1_DIR, abs).split(sep).slice(0, -1);
    const path = "/" + folder.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/");
    const mod = (await import(abs)) as Record<string, unknown>;
    const handlers = Object.fromEntries(Object.entries(mod).filter(([k, v]) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(k) && typeof v === "function")) as RouteFile["handlers"];
    out.push({ file: relative(process.cwd(), abs), path, handlers });
  }
  return out;
}

/** Calls the route handler for a request to /api/v1/…, as Next would (404 JSON when none matches). */
export function dispatcher(routes: RouteFile[]) {
  const matchers = routes.map((r) => ({
    r,
    names: [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
    re: new RegExp("^/api/v1" + r.path.replace(/\{[^}]+\}/g, "([^/]+)").replace(/\/$/, "") + "$"),
  }));
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    // Literal segments win over parameters, as in Next.
    const found = matchers
      .map((m) => ({ m, hit: m.re.exec(url.pathname) }))
      .filter((x) => x.hit)
      .sort((a, b) => a.m.names.length - b.m.names.length)[0];
    if (!found) return Response.json({ error: { code: "not_found", message: "No such route." } }, { status: 404 });
    const handler = found.m.r.handlers[request.method];
    if (!handler) return new Response(null, { status: 405 });
    const params = Object.fromEntries(found.m.names.map((n, i) => [n, decodeURIComponent(found.hit![i + 1])]));
    return (handler as RouteHandler)(request, { params: Promise.resolve(params) });
  };
}

/** The dispatcher on a loopback port; `close()` stops it. */
export async function serveRoutes(routes: RouteFile[]): Promise<{ base: string; close: () => Promise<void> }> {
  const dispatch = dispatcher(routes);
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const body = chunks.length && req.method !== "GET" ? Buffer.concat(chunks) : undefined;
    const answer = await dispatch(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }));
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Calls /api/v1`path` through `dispatch` with a bearer key and a JSON body; the answer with its text and parsed JSON. */
export async function callApi(dispatch: (req: Request) => Promise<Response>, method: string, path: string, key?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await dispatch(new Request(`http://status.test/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await res.text();
  return { res, status: res.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}
