import { getDb } from "@/lib/db/client";
import { readConfigOverview } from "@/lib/config/export";
import { readConfigError } from "@/lib/settings/config-error";
import { fmtWhen } from "../../_components/format";
import { requireUser } from "../../_lib/session";
import s from "./config.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Configuration · Dashboard" };

/** Admins only: the config file's state, what the database holds by origin, and the export. */
export default async function ConfigPage() {
  await requireUser("admin");
  const db = await getDb();
  const [overview, configError] = await Promise.all([readConfigOverview(db), readConfigError(db)]);
  const { counts } = overview;
  const rows = [
    ["Groups", counts.groups],
    ["Components", counts.components],
    ["Monitors", counts.monitors],
  ] as const;
  return (
    <>
      <h1>Configuration</h1>
      <section className={`card ${s.section}`} aria-labelledby="file-heading">
        <h2 id="file-heading">Config file</h2>
        <p>
          The worker applies <code>{overview.file}</code> at start and whenever it changes.
        </p>
        {configError ? (
          <div role="alert" data-testid="config-error">
            <p className="error">The edit saved at {fmtWhen(configError.at)} is not valid and was not applied:</p>
            <pre className={s.pre}>{configError.lines.join("\n")}</pre>
          </div>
        ) : (
          <p data-testid="config-ok">Its last version applied without problems.</p>
        )}
        <div className="table-scroll">
          <table className="data" aria-label="Live entries by where they are declared">
            <thead>
              <tr>
                <th scope="col">Live entries</th>
                <th scope="col" className="num">File</th>
                <th scope="col" className="num">Dashboard, API</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, c]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td className="num">{c.config}</td>
                  <td className="num">{c.ui}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">
          {counts.channels} alert channel{counts.channels === 1 ? "" : "s"} and {counts.escalation} escalation polic{counts.escalation === 1 ? "y" : "ies"}.
        </p>
      </section>

      <section className={`card ${s.section}`} aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <p>
          Everything above that is not archived, from the file and from the dashboard alike, as one <code>status.config.yaml</code>: applied to a
          fresh instance it gives the same groups, components, monitors, channels and escalation. Pauses, incidents and history are not
          configuration and are not in it. The export is recorded in the audit log.
        </p>
        {overview.secretEnv.length ? (
          <>
            <p>Channel secrets are never in the download: the file reads each from an environment variable, to set where it is loaded:</p>
            <ul className={s.vars} data-testid="secret-env">
              {overview.secretEnv.map((name) => (
                <li key={name}>
                  <code>{name}</code>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {overview.warnings.length ? (
          <ul className="warning-text" data-testid="export-warnings">
            {overview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
        <p>
          <a className="button" href="/dashboard/config/export.yaml" download="status.config.yaml">
            Export configuration
          </a>
        </p>
        <p className="muted">
          On the server, <code>npm run config -- export --include-secrets --out backup.yaml</code> writes a private backup with the secrets, and{" "}
          <code>npm run config -- check FILE</code> validates a file before you use it.
        </p>
      </section>
    </>
  );
}
