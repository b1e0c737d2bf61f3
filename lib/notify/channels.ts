import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { decryptSecret, isEncrypted } from "../secrets/crypto";
import { maskSecret } from "./mask";
import { UserError } from "../errors";

export interface ChannelView {
  key: string;
  name: string;
  type: string;
  /** "config": declared in status.config.yaml (read-only elsewhere); "ui": made in the dashboard or API. */
  origin: "config" | "ui";
  /** Settings with every secret masked: safe to show. */
  settings: Record<string, string>;
  /** Policies and steps that use it ("default: step 2 after 5 min"). */
  usedBy: string[];
}

/**
 * Live channels for the dashboard and the API (or the one with `key`); secrets are never shown
 * back in full. `maskUrls` (the API) masks every URL too: a URL's path can be a credential that
 * the channel's schema does not call secret (an ntfy topic, a token in a webhook path), and an
 * API answer travels further than a page.
 */
export async function listChannelViews(db: Db, key?: string, opts: { maskUrls?: boolean } = {}): Promise<ChannelView[]> {
  const [channels, policies] = await Promise.all([
    db.all<{ key: string; name: string; type: string; origin: "config" | "ui"; config: string }>(
      sql`SELECT key, name, type, origin, config FROM notification_channels WHERE archived_at IS NULL ${key === undefined ? sql`` : sql`AND key = ${key}`} ORDER BY key`,
    ),
    db.all<{ key: string; steps: string }>(sql`SELECT key, steps FROM escalation_policies WHERE archived_at IS NULL ORDER BY key`),
  ]);
  return channels.map((c) => {
    const config = JSON.parse(c.config) as Record<string, unknown>;
    const settings = Object.fromEntries(
      Object.entries(config).map(([k, v]) => {
        if (isEncrypted(v)) {
          let shown: string;
          try {
            shown = maskSecret(decryptSecret(v));
          } catch {
            shown = "(cannot decrypt: the secret key changed)";
          }
          return [k, shown];
        }
        if (opts.maskUrls && typeof v === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return [k, maskSecret(v)];
        return [k, Array.isArray(v) ? v.join(", ") : String(v)];
      }),
    );
    const usedBy = policies.flatMap((p) =>
      (JSON.parse(p.steps) as { afterMs: number; channels: string[] }[]).flatMap((s, i) =>
        s.channels.includes(c.key) ? [`${p.key}: step ${i + 1}${s.afterMs ? ` after ${Math.round(s.afterMs / 60_000)} min` : ", at once"}`] : [],
      ),
    );
    return { key: c.key, name: c.name, type: c.type, origin: c.origin, settings, usedBy };
  });
}

/** The live channel `key` as listChannelViews shows it, else not_found. */
export async function getChannelView(db: Db, key: string, opts: { maskUrls?: boolean } = {}): Promise<ChannelView> {
  const [view] = await listChannelViews(db, key, opts);
  if (!view) throw new UserError("not_found", `There is no channel with the key ${JSON.stringify(key)}.`);
  return view;
}

/** How the API shows channels: URLs masked as well as secrets. */
export const API_VIEW = { maskUrls: true } as const;
