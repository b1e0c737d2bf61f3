/**
 * A throwaway PostgreSQL server for tests (issue 15: the data layer's tests run against both
 * engines). Each call initdb's a cluster into a fresh temporary directory, starts it on
 * 127.0.0.1 at a free port with its socket in that directory, and `stop` shuts it down and
 * deletes the directory: nothing relies on a server left running, and nothing outside the
 * temporary directory is touched.
 *
 * PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to the `postgres`
 * system user and the binaries run through `runuser`. Where the binaries (or, as root, that user)
 * are missing, `postgresMissing()` says what to install: callers skip with that message, never
 * silently.
 */
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What to install when PostgreSQL is not there (Debian package names; the README says the same). */
export const POSTGRES_INSTALL_HINT = "install PostgreSQL 15 or newer (Debian: apt-get install -y postgresql), so that initdb and pg_ctl are on PATH or in /usr/lib/postgresql/<version>/bin";

/** A directory holding `name`: PATH first, then Debian's versioned bin directories, newest first. */
function binDirOf(name: string): string | null {
  const debian = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  for (const dir of [...(process.env.PATH ?? "").split(delimiter), ...debian]) if (dir && existsSync(join(dir, name))) return dir;
  return null;
}

/** The uid and gid of the `postgres` user, or null when there is none. */
function postgresUser(): { uid: number; gid: number } | null {
  try {
    const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()));
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

const asRoot = () => process.getuid?.() === 0;

/** Why a throwaway server cannot start here (a sentence naming what to install), or null when it can. */
export function postgresMissing(): string | null {
  const missing = ["initdb", "pg_ctl", "postgres"].filter((b) => !binDirOf(b));
  if (missing.length) return `PostgreSQL is not installed here (no ${missing.join(", ")}): ${POSTGRES_INSTALL_HINT}.`;
  if (asRoot() && !postgresUser()) return "PostgreSQL cannot run as root and there is no `postgres` user to run it as: create one (useradd --system postgres), or run the tests as another user.";
  if (asRoot() && !existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser") && !existsSync("/usr/bin/runuser")) return "Running PostgreSQL's tests as root needs `runuser` (util-linux) to start it as the `postgres` user.";
  return null;
}

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication: loopback only). */
  url: string;
  port: number;
  /** Stops the server at once and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a fresh cluster; throws with postgresMissing()'s message when it cannot. */
export async function startPostgres(): Promise<PostgresServer> {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  const bin = binDirOf("initdb")!;
  const dir = mkdtempSync(join(tmpdir(), "status-pg-"));
  const data = join(dir, "data");
  const user = asRoot() ? postgresUser() : null;
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chmodSync(dir, 0o700);
  }
  // As root: the same command as the postgres user, with a PATH that finds the server binaries.
  const exec = (cmd: string, args: string[]) =>
    user ? run("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args], { cwd: dir }) : run(join(bin, cmd), args, { cwd: dir });
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // No fsync and no sync at the end: a test cluster lives for seconds and is thrown away.
    await exec("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    // A port can be taken between freePort and the start: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await exec("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"]);
        started = true;
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    let log = "";
    try {
      log = readFileSync(join(dir, "server.log"), "utf8").trim().split("\n").slice(-5).join("\n");
    } catch {
      // No log yet: initdb failed.
    }
    await stop();
    throw new Error(`The test PostgreSQL server did not start: ${(err as Error).message}${log ? `\nserver log:\n${log}` : ""}`);
  }
}
