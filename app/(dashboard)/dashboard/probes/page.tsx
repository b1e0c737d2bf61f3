import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { formStateFromQuery } from "@/lib/http/form-state";
import { listProbeTokens, type ProbeTokenView } from "@/lib/probes/tokens";
import { MAX_REGION_INPUT_LENGTH, REGION_NAME_RULE } from "@/lib/regions/name";
import { listRegionViews } from "@/lib/regions/store";
import { ActionForm, Input } from "../../_components/action-form";
import { fmtWhen } from "../../_components/format";
import { requireUser } from "../../_lib/session";
import k from "../api-keys/api-keys.module.css";
import { NewProbeToken } from "./_components/new-probe-token";
import { addRegionAction, createProbeTokenAction, revokeProbeTokenAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Probes · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

function TokenTable({ tokens }: { tokens: ProbeTokenView[] }) {
  return (
    <div className="card table-scroll">
      <table className="data cards-on-phone" aria-label="Probe tokens, newest first">
        <thead>
          <tr>
            <th scope="col">Token</th>
            <th scope="col">Region</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-testid="probe-token-row">
              <td data-label="Token">#{t.id}</td>
              <td data-label="Region">{t.region}</td>
              <td data-label="Created">{fmtWhen(t.createdAt)}</td>
              <td data-label="Last used">{t.lastUsedAt === null ? "never" : fmtWhen(t.lastUsedAt)}</td>
              <td data-label="State">
                {t.revokedAt !== null ? (
                  <span className="status-text" data-status="down">
                    <span className="dot" aria-hidden="true" />
                    revoked {fmtWhen(t.revokedAt)}
                  </span>
                ) : (
                  <ActionForm action={revokeProbeTokenAction}>
                    <input type="hidden" name="id" value={t.id} />
                    <button type="submit" className="secondary" aria-label={`Revoke token #${t.id} of ${t.region}`}>
                      Revoke
                    </button>
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Probe regions with their liveness (every role), and for admins the push-mode tokens of remote
 * probes: add a region, create a token (shown once, with the command to run), revoke one.
 */
export default async function ProbesPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const q = await searchParams;
  const db = await getDb();
  const isAdmin = can(user.role, "admin");
  const [regions, tokens] = await Promise.all([listRegionViews(db), isAdmin ? listProbeTokens(db) : Promise.resolve([])]);
  const notice = typeof q.notice === "string" ? q.notice : undefined;
  return (
    <>
      <h1>Probes</h1>
      <p className="muted">
        Each region&rsquo;s probe reports every 10 s; one silent for 30 s is shown as silent and its monitors fall back to the other regions.
      </p>
      {notice ? <p className={k.notice} role="status">{notice}</p> : null}
      <h2>Regions</h2>
      {regions.length === 0 ? (
        <p className="muted">No probe has reported yet.</p>
      ) : (
        <div className="card table-scroll">
          <table className="data cards-on-phone" aria-label="Probe regions">
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">State</th>
                <th scope="col">Last report</th>
                <th scope="col">Newest result</th>
                <th scope="col">Active tokens</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((r) => (
                <tr key={r.id} data-testid="region-row">
                  <th scope="row">{r.name}</th>
                  <td data-label="State">
                    <span className="status-text" data-status={r.silent ? "down" : "operational"}>
                      <span className="dot" aria-hidden="true" />
                      {r.silent ? (r.lastPulseAt === null ? "never reported" : "silent") : "reporting"}
                    </span>
                  </td>
                  <td data-label="Last report">{r.lastPulseAt === null ? "never" : fmtWhen(r.lastPulseAt)}</td>
                  <td data-label="Newest result">{r.lastResultAt === null ? "none" : fmtWhen(r.lastResultAt)}</td>
                  <td data-label="Active tokens">{r.activeTokens}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin ? (
        <>
          <h2>Remote probe tokens</h2>
          <p className="muted">
            A probe on another machine works through this app with a token of its region (push mode); the token is stored hashed and shown once. Revoking
            one refuses that probe&rsquo;s next push. <code>npm run probe-token</code> does the same from the hub&rsquo;s shell.
          </p>
          <ActionForm className={`card ${k.form}`} action={createProbeTokenAction} initial={formStateFromQuery(q, ["notice"])}>
            <NewProbeToken />
            <div className={k.fields}>
              <div className={k.field}>
                <label htmlFor="token-region">Region</label>
                <Input id="token-region" type="text" name="region" required maxLength={MAX_REGION_INPUT_LENGTH} list="known-regions" autoComplete="off" aria-describedby="token-region-hint" />
                <datalist id="known-regions">
                  {regions.map((r) => (
                    <option key={r.id} value={r.name} />
                  ))}
                </datalist>
                <span className="muted" id="token-region-hint">A region above, or a new one: {REGION_NAME_RULE}.</span>
              </div>
            </div>
            <button type="submit">Create token</button>
          </ActionForm>
          {tokens.length === 0 ? <p className="muted">No probe tokens yet.</p> : <TokenTable tokens={tokens} />}
          <h2>Add a region</h2>
          <ActionForm className={`card ${k.form}`} action={addRegionAction}>
            <div className={k.fields}>
              <div className={k.field}>
                <label htmlFor="region-name">Name</label>
                <Input id="region-name" type="text" name="name" required maxLength={MAX_REGION_INPUT_LENGTH} autoComplete="off" aria-describedby="region-name-hint" />
                <span className="muted" id="region-name-hint">{REGION_NAME_RULE}; monitors name it in <code>regions:</code>.</span>
              </div>
            </div>
            <button type="submit">Add region</button>
          </ActionForm>
        </>
      ) : (
        <p className="muted" data-testid="admins-manage-tokens">Admins add regions and manage the tokens of remote probes here.</p>
      )}
    </>
  );
}
