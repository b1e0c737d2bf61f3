/**
 * The API reference page (/api/v1/docs): the OpenAPI document as server-rendered HTML, with no
 * script and no outside resource (the app's CSP holds), readable on a phone and in dark mode.
 */
import type { OpenApiDocument } from "./openapi";

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  format?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  additionalProperties?: Schema | boolean;
};

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
/** `code` spans and **bold** of the descriptions, after escaping. */
const prose = (s: string) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>").replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
const SAFE = 9007199254740991;

function typeOf(s: Schema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.type === "array") return `array of ${s.items ? typeOf(s.items) : "any"}`;
  const t = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  return s.format ? `${t} (${s.format})` : t;
}

function limits(s: Schema): string {
  const out: string[] = [];
  if (s.minimum !== undefined && Math.abs(s.minimum) !== SAFE) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && Math.abs(s.maximum) !== SAFE) out.push(`≤ ${s.maximum}`);
  if (s.minLength) out.push(`at least ${s.minLength} chars`);
  if (s.maxLength) out.push(`at most ${s.maxLength} chars`);
  if (s.maxItems) out.push(`at most ${s.maxItems} items`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join(", ");
}

/** An object's fields as a nested list; other schemas as their type. */
function schemaHtml(s: Schema, depth = 0): string {
  const inner = s.type === "array" && s.items ? s.items : (s.anyOf?.find((x) => x.properties) ?? s);
  if (!inner.properties || depth > 6) return `<p class="type">${esc(typeOf(s))}</p>`;
  const required = new Set(inner.required ?? []);
  const rows = Object.entries(inner.properties).map(([name, p]) => {
    const nested = p.properties || p.items?.properties || p.anyOf?.some((x) => x.properties) ? schemaHtml(p, depth + 1) : "";
    const note = [limits(p), p.description].filter(Boolean).join(". ");
    return `<li><code class="name">${esc(name)}</code> <span class="type">${esc(typeOf(p))}</span>${required.has(name) ? ' <span class="req">required</span>' : ""}${note ? ` <span class="desc">${prose(note)}</span>` : ""}${nested}</li>`;
  });
  return `${s.type === "array" ? '<p class="type">array of:</p>' : ""}<ul class="fields">${rows.join("")}</ul>`;
}

const anchor = (id: string) => `op-${id}`;

export function renderApiDocs(doc: OpenApiDocument): string {
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op: op as ReturnType<typeof Object> & Record<string, unknown> })),
  );
  const byTag = new Map<string, typeof ops>();
  for (const o of ops) {
    const tag = (o.op.tags as string[])[0];
    byTag.set(tag, [...(byTag.get(tag) ?? []), o]);
  }
  const toc = [...byTag].map(
    ([tag, list]) =>
      `<li>${esc(tag)}<ul>${list.map((o) => `<li><a href="#${anchor(o.op.operationId as string)}"><span class="m m-${o.method.toLowerCase()}">${o.method}</span> ${esc(o.path)}</a></li>`).join("")}</ul></li>`,
  );
  const sections = [...byTag].map(([tag, list]) => {
    const items = list.map(({ path, method, op }) => {
      const params = (op.parameters as { name: string; in: string; required: boolean; description?: string; schema: Schema }[]) ?? [];
      const body = (op.requestBody as { content: Record<string, { schema: Schema }> } | undefined)?.content["application/json"].schema;
      const responses = op.responses as Record<string, { content?: Record<string, { schema: Schema }>; $ref?: string }>;
      const [okStatus, ok] = Object.entries(responses).find(([s]) => s.startsWith("2"))!;
      const errors = Object.keys(responses).filter((s) => !s.startsWith("2"));
      return `<section class="op" id="${anchor(op.operationId as string)}">
<h3><span class="m m-${method.toLowerCase()}">${method}</span> <code>${esc(doc.servers[0].url + path)}</code></h3>
<p>${esc(op.summary)}</p>
${String(op.description ?? "").split("\n\n").map((p) => `<p class="muted">${prose(p)}</p>`).join("")}
${params.length ? `<h4>Parameters</h4><div class="scroll"><table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">About</th></tr></thead><tbody>${params.map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ""}</td><td>${esc(p.in)}</td><td>${esc(typeOf(p.schema))}</td><td>${prose([limits(p.schema), p.description].filter(Boolean).join(". "))}</td></tr>`).join("")}</tbody></table></div>` : ""}
${body ? `<h4>Request body (JSON)</h4>${schemaHtml(body)}` : ""}
<h4>Answer ${esc(okStatus)}</h4>${ok.content ? schemaHtml(ok.content["application/json"].schema) : ""}
<p class="muted">Errors: ${errors.map((s) => `<a href="#errors">${esc(s)}</a>`).join(", ")}</p>
</section>`;
    });
    return `<h2 id="tag-${esc(tag.toLowerCase().replace(/\W+/g, "-"))}">${esc(tag)}</h2>${items.join("\n")}`;
  });
  const errorRows = Object.entries(doc.components.responses).map(([name, r]) => `<li><strong>${esc(name.replace(/([a-z])([A-Z])/g, "$1 $2"))}</strong>: ${prose(r.description)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} · reference</title>
<style>
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #59636e; --border: #d1d9e0; --surface: #f6f8fa; --link: #0b5cad; --get: #18794e; --post: #0b5cad; --patch: #8a5a00; --delete: #b42318; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9aa5b1; --border: #30363d; --surface: #161b22; --link: #6cb6ff; --get: #4cc38a; --post: #6cb6ff; --patch: #e3b341; --delete: #ff7b72; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
a { color: var(--link); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; overflow-wrap: anywhere; }
h1 { margin-top: 0; } h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--border); padding-bottom: .3rem; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
h4 { font-size: .95rem; margin: 1rem 0 .35rem; }
.muted, .desc { color: var(--muted); }
.op { border: 1px solid var(--border); border-radius: 8px; padding: 1rem; margin: 1rem 0; background: var(--surface); }
.op > p { margin: .25rem 0; }
.m { display: inline-block; min-width: 4.2rem; text-align: center; font: 700 .8rem/1.6 ui-monospace, monospace; border: 1.5px solid currentColor; border-radius: 4px; padding: 0 .3rem; }
.m-get { color: var(--get); } .m-post { color: var(--post); } .m-patch { color: var(--patch); } .m-delete { color: var(--delete); }
.req { font-size: .75rem; font-weight: 600; color: var(--delete); }
.type { color: var(--muted); font-size: .9rem; margin: .2rem 0; }
ul.fields { list-style: none; margin: .2rem 0; padding-left: 1rem; border-left: 2px solid var(--border); }
ul.fields li { margin: .25rem 0; overflow-wrap: anywhere; }
.name { font-weight: 600; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
nav ul { padding-left: 1.2rem; } nav li { margin: .15rem 0; } nav a { text-decoration: none; }
</style></head>
<body><main>
<p><a href="/dashboard/api-keys">← API keys</a> · <a href="${esc(doc.servers[0].url)}/openapi.json">OpenAPI 3.1 document</a></p>
<h1>${esc(doc.info.title)}</h1>
${doc.info.description.split("\n\n").map((p) => `<p>${prose(p)}</p>`).join("\n")}
<nav aria-label="Operations"><h2>Operations</h2><ul>${toc.join("")}</ul></nav>
${sections.join("\n")}
<h2 id="errors">Errors</h2>
<p>Every error answers <code>{ "error": { "code", "message", "fields"? } }</code>.</p>
<ul>${errorRows.join("")}</ul>
</main></body></html>`;
}
