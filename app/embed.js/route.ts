import { embedScript } from "@/lib/public/embed-script";

/** The script that inserts the status widget iframe (lib/public/embed-script.ts). */
export function GET() {
  return new Response(embedScript(), {
    headers: {
      "content-type": "application/javascript; charset=utf-8",
      // An hour fresh, then a day served stale while a cache refetches: the script rarely changes.
      "cache-control": "public, max-age=3600, stale-while-revalidate=86400",
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
    },
  });
}
