/**
 * Probe tokens for remote probes in push mode, against DATABASE_URL (the dashboard's Probes page
 * and /api/v1/probe-tokens do the same through lib/probes/tokens.ts; every change is audited):
 *   npm run probe-token -- create eu-west     prints a new token (shown once)
 *   npm run probe-token -- list
 *   npm run probe-token -- revoke 3
 */
import { cliActor } from "../lib/audit/log";
import { databaseUrl, openDb } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { UserError } from "../lib/errors";
import { createProbeToken, listProbeTokens, revokeProbeToken } from "../lib/probes/tokens";

const [command, arg] = process.argv.slice(2);
const db = await openDb();
await runMigrations(db);
const when = (ms: number | null) => (ms === null ? "never" : new Date(ms).toISOString());
const actor = cliActor(`npm run probe-token -- ${command ?? ""}`);

try {
  switch (command) {
    case "create": {
      if (!arg) throw usage("create needs a region, like: create eu-west");
      const { id, token } = await createProbeToken(db, actor, arg);
      console.log(`token ${id} for region ${arg} (${databaseUrl()}); it is shown only now:\n${token}`);
      break;
    }
    case "list":
      for (const t of await listProbeTokens(db)) {
        console.log(`${t.id}\t${t.region}\tcreated ${when(t.createdAt)}\tlast used ${when(t.lastUsedAt)}${t.revokedAt ? `\trevoked ${when(t.revokedAt)}` : ""}`);
      }
      break;
    case "revoke": {
      const id = Number(arg);
      if (!Number.isInteger(id)) throw usage("revoke needs a token id from `list`, like: revoke 3");
      await revokeProbeToken(db, actor, id);
      console.log(`token ${id} revoked`);
      break;
    }
    default:
      throw usage(`unknown command "${command ?? ""}"`);
  }
} catch (err) {
  if (!(err instanceof UserError)) throw err;
  console.error(err.message);
  process.exit(1);
}

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run probe-token -- create <region> | list | revoke <id>`);
  process.exit(2);
}
