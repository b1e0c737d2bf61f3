import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { decryptSecret, isEncrypted } from "../secrets/crypto";
import { maskSecret } from "./mask";

export interface ChannelView {
  key: string;
  name: string;
  type: string;
  /** Settings with every secret masked: safe to show. */
  settings: Record<string, string>;
  /** Policies and steps that use it ("default: step 2 after 5 min"). */
  usedBy: string[];
}

/** Configured channels for the dashboard; secrets are never shown back in full. */
export async function listChannelViews(db: Db): Promise<ChannelView[]> {
  const [channels, policies] = await Promise.all([
    db.all<{ key: string; name: string; type: string; config: string }>(sql`SELECT key, name, type, config FROM notification_channels WHERE archived_at IS NULL ORDER BY key`),
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
        return [k, Array.isArray(v) ? v.join(", ") : String(v)];
      }),
    );
    const usedBy = policies.flatMap((p) =>
      (JSON.parse(p.steps) as { afterMs: number; channels: string[] }[]).flatMap((s, i) =>
        s.channels.includes(c.key) ? [`${p.key}: step ${i + 1}${s.afterMs ? ` after ${Math.round(s.afterMs / 60_000)} min` : ", at once"}`] : [],
      ),
    );
    return { key: c.key, name: c.name, type: c.type, settings, usedBy };
  });
}
