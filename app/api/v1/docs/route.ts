import { renderApiDocs } from "@/lib/api/docs-html";
import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-static";

/** The API reference, readable: public, it holds no data. */
export function GET() {
  return new Response(renderApiDocs(openApiDocument()), { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300" } });
}
