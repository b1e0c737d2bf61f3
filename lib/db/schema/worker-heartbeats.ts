import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Each running worker role says it is alive here; the product watches its own probes. */
export const workerHeartbeats = sqliteTable(
  "worker_heartbeats",
  {
    role: text("role", { enum: ["probe", "coordinator"] }).notNull(),
    /** Region for probes; "*" for the coordinator. */
    region: text("region").notNull(),
    pid: integer("pid").notNull(),
    host: text("host").notNull(),
    startedAt: integer("started_at").notNull(),
    lastBeatAt: integer("last_beat_at").notNull(),
    /** Free-form numbers the role wants to show (checks run, lag). */
    stats: text("stats", { mode: "json" }).$type<Record<string, number>>(),
  },
  (t) => [primaryKey({ columns: [t.role, t.region] })],
);
