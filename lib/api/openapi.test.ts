import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { renderApiDocs } from "./docs-html";
import { generateTypes, TYPES_FILE } from "./generate-types";
import { openApiDocument } from "./openapi";
import { OPERATIONS } from "./operations";
import { loadRouteFiles } from "./test-routes";

/** Routes that are the document and its reference page, public and outside it. */
const DOCUMENT_ROUTES = new Set(["/openapi.json", "/docs"]);

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("lists every route under app/api/v1, method by method, and nothing else", async () => {
    const doc = openApiDocument();
    const routed = (await loadRouteFiles())
      .filter((r) => !DOCUMENT_ROUTES.has(r.path))
      .flatMap((r) => Object.keys(r.handlers).map((m) => `${m} ${r.path}`))
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(routed);
    expect(new Set(OPERATIONS.map((o) => o.id)).size).toBe(OPERATIONS.length);
  });

  it("needs a bearer key everywhere, and names each error with its shape", () => {
    const doc = openApiDocument();
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    const create = doc.paths["/incidents"].post as { requestBody: { content: { "application/json": { schema: { required: string[] } } } }; responses: Record<string, unknown> };
    expect(create.requestBody.content["application/json"].schema.required).toEqual(expect.arrayContaining(["title", "status", "impact", "body"]));
    expect(Object.keys(create.responses).sort()).toEqual(["201", "401", "403", "413", "415", "422", "429"]);
    expect(doc.components.responses.RateLimited.headers?.["Retry-After"]).toBeDefined();
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", required: ["error"] });
  });

  it("has its generated client types up to date (npm run api:types)", async () => {
    expect(readFileSync(TYPES_FILE, "utf8")).toBe(await generateTypes());
  });

  it("renders as a reference page with every operation, and no script", () => {
    const html = renderApiDocs(openApiDocument());
    for (const op of OPERATIONS) expect(html).toContain(`id="op-${op.id}"`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3)/i);
    expect(html).toContain("<code>/api/v1/monitors/{key}/results</code>");
  });
});
