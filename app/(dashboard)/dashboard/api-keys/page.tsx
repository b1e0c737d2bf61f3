import Link from "next/link";
import { listApiKeys, MAX_API_KEY_NAME_LENGTH, SCOPE_LABELS, type ApiKeyView } from "@/lib/auth/api-keys";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm, Input, Select } from "../../_components/action-form";
import { fmtWhen } from "../../_components/format";
import { requireUser } from "../../_lib/session";
import { NewSecret } from "./_components/new-secret";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import s from "./api-keys.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "API keys · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function state(k: ApiKeyView, now: number): { text: string; look: "operational" | "degraded" | "down" } {
  if (k.revokedAt !== null) return { text: `revoked ${fmtWhen(k.revokedAt)}`, look: "down" };
  if (k.expiresAt !== null && k.expiresAt <= now) return { text: `expired ${fmtWhen(k.expiresAt)}`, look: "down" };
  return { text: k.expiresAt === null ? "active, never expires" : `active until ${fmtWhen(k.expiresAt)}`, look: k.expiresAt === null ? "operational" : "degraded" };
}

function KeyTable({ keys, caption, showOwner, now }: { keys: ApiKeyView[]; caption: string; showOwner: boolean; now: number }) {
  return (
    <div className="card table-scroll">
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {showOwner ? <th scope="col">Owner</th> : null}
            <th scope="col">Scope</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Revoke</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const st = state(k, now);
            return (
              <tr key={k.id} data-testid="api-key-row">
                <th scope="row">
                  {k.name}
                  <div className="muted"><code>sm_{k.id}_…</code></div>
                </th>
                {showOwner ? <td>{k.ownerEmail}</td> : null}
                <td>{SCOPE_LABELS[k.scope]}</td>
                <td>
                  <span className="status-text" data-status={st.look}>
                    <span className="dot" aria-hidden="true" />
                    {st.text}
                  </span>
                </td>
                <td>{fmtWhen(k.createdAt)}</td>
                <td data-testid="last-used">{k.lastUsedAt === null ? "never" : fmtWhen(k.lastUsedAt)}</td>
                <td>
                  {k.revokedAt === null ? (
                    <ActionForm action={revokeApiKeyAction}>
                      <input type="hidden" name="id" value={k.id} />
                      <button type="submit" className="secondary" aria-label={`Revoke ${k.name}${showOwner ? ` of ${k.ownerEmail}` : ""}`}>
                        Revoke
                      </button>
                    </ActionForm>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The signed-in user's API keys (admins also see everyone's): create, see when each was last used, revoke. */
export default async function ApiKeysPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const q = await searchParams;
  const db = await getDb();
  const isAdmin = can(user.role, "admin");
  const [own, all] = await Promise.all([listApiKeys(db, { userId: user.id }), isAdmin ? listApiKeys(db) : Promise.resolve([])]);
  const others = all.filter((k) => k.userId !== user.id);
  const now = Date.now();
  const notice = first(q.notice);
  const error = first(q.error);
  return (
    <>
      <h1>API keys</h1>
      <p className="muted">
        Keys for the REST API at <code>/api/v1</code> (<Link href="/api/v1/docs">API reference</Link>). A key acts as you, never above your role: a
        read key only reads, a write key also changes what your role may change.
      </p>
      {notice ? <p className={s.notice} role="status">{notice}</p> : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      <h2>New key</h2>
      <ActionForm className={`card ${s.form}`} action={createApiKeyAction} initial={formStateFromQuery(q, ["notice"])}>
        <NewSecret />
        <div className={s.fields}>
          <div className={s.field}>
            <label htmlFor="key-name">Name</label>
            <Input id="key-name" type="text" name="name" required maxLength={MAX_API_KEY_NAME_LENGTH} autoComplete="off" aria-describedby="key-name-hint" />
            <span className="muted" id="key-name-hint">What uses it, like “deploy pipeline”.</span>
          </div>
          <div className={s.field}>
            <label htmlFor="key-scope">Scope</label>
            <Select id="key-scope" name="scope" defaultValue="read">
              <option value="read">{SCOPE_LABELS.read}</option>
              <option value="write">{SCOPE_LABELS.write}</option>
            </Select>
          </div>
          <div className={s.field}>
            <label htmlFor="key-expires">Expires (optional)</label>
            <Input id="key-expires" type="date" name="expires" aria-describedby="key-expires-hint" />
            <span className="muted" id="key-expires-hint">Works until the end of that day (UTC).</span>
          </div>
        </div>
        <button type="submit">Create key</button>
      </ActionForm>
      <h2>Your keys</h2>
      {own.length === 0 ? <p>You have no API keys yet.</p> : <KeyTable keys={own} caption="Your API keys" showOwner={false} now={now} />}
      {isAdmin ? (
        <>
          <h2>Everyone else’s keys</h2>
          {others.length === 0 ? <p>No one else has an API key.</p> : <KeyTable keys={others} caption="Other users' API keys" showOwner now={now} />}
        </>
      ) : null}
    </>
  );
}
