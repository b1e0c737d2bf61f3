import { getDb } from "@/lib/db/client";
import { listOpenInvites } from "@/lib/auth/invites";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { listUsers, roleOptions } from "@/lib/auth/team";
import { emailConfigured } from "@/lib/notify/email";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm, Input, Select } from "../../_components/action-form";
import { fmtWhen } from "../../_components/format";
import { requireUser } from "../../_lib/session";
import { changeRoleAction, inviteUserAction, removeUserAction, resetTwoFactorAction, revokeInviteAction } from "./actions";
import s from "./users.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

const RoleOptions = () =>
  roleOptions.map((r) => (
    <option key={r.value} value={r.value}>
      {r.label}
    </option>
  ));

/** One button acting on one row (its id in a hidden field); the label names the row for screen readers. */
function RowButton({ action, name, value, label, children }: { action: Parameters<typeof ActionForm>[0]["action"]; name: string; value: number; label: string; children: React.ReactNode }) {
  return (
    <ActionForm action={action}>
      <input type="hidden" name={name} value={value} />
      <button type="submit" className="secondary" aria-label={label}>
        {children}
      </button>
    </ActionForm>
  );
}

/** Admins only: the team with roles and two-factor status, open invitations, and an invite form. */
export default async function UsersPage({ searchParams }: { searchParams: Search }) {
  const me = await requireUser("admin");
  const q = await searchParams;
  const db = await getDb();
  const [members, invites] = await Promise.all([listUsers(db), listOpenInvites(db)]);
  const notice = typeof q.notice === "string" ? q.notice : null;
  return (
    <>
      <h1>Users</h1>
      {notice ? <p role="status" className={s.notice}>{notice}</p> : null}
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <p className="muted">Viewers read everything; editors also change monitors, incidents and maintenance; admins also manage users and settings.</p>

      <div className="card table-scroll">
        <table className="data cards-on-phone" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Since</th>
              <th scope="col"><span className="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {members.map((u) => (
              <tr key={u.id} data-testid="user-row">
                <th scope="row">
                  {u.email}
                  {u.id === me.id ? <span className="muted"> (you)</span> : null}
                </th>
                <td data-label="Role">
                  <ActionForm action={changeRoleAction} className={s.inline}>
                    <input type="hidden" name="userId" value={u.id} />
                    <label htmlFor={`role-${u.id}`} className="visually-hidden">
                      Role of {u.email}
                    </label>
                    <Select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                      <RoleOptions />
                    </Select>
                    <button type="submit" className="secondary" aria-label={`Change the role of ${u.email}`}>
                      Change
                    </button>
                  </ActionForm>
                </td>
                <td data-label="Two-factor">
                  {u.twoFactor ? "On" : "Off"}
                  {u.twoFactor && u.id !== me.id ? (
                    <RowButton action={resetTwoFactorAction} name="userId" value={u.id} label={`Turn off two-factor sign-in for ${u.email}`}>
                      Turn off
                    </RowButton>
                  ) : null}
                </td>
                <td data-label="Since">{fmtWhen(u.createdAt)}</td>
                <td>
                  <RowButton action={removeUserAction} name="userId" value={u.id} label={`Remove ${u.email}`}>
                    Remove
                  </RowButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="invite-h">Invite someone</h2>
      {emailConfigured(process.env) ? null : (
        <p className="muted" data-testid="smtp-missing">
          Email is not configured (set SMTP_URL): the invitation is queued and goes out once it is.
        </p>
      )}
      <ActionForm action={inviteUserAction} className={`stack ${s.invite}`} aria-labelledby="invite-h" initial={formStateFromQuery(q, ["notice"])}>
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <Input id="invite-email" type="email" name="email" autoComplete="off" maxLength={254} required />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <Select id="invite-role" name="role" defaultValue="viewer">
            <RoleOptions />
          </Select>
        </div>
        <button type="submit">Send invitation</button>
      </ActionForm>

      {invites.length > 0 ? (
        <>
          <h2 id="invites-h">Open invitations</h2>
          <div className="card table-scroll">
            <table className="data cards-on-phone" aria-labelledby="invites-h">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col"><span className="visually-hidden">Withdraw</span></th>
                </tr>
              </thead>
              <tbody>
                {invites.map((i) => (
                  <tr key={i.id} data-testid="invite-row">
                    <th scope="row">{i.email}</th>
                    <td data-label="Role">{ROLE_LABELS[i.role]}</td>
                    <td data-label="Expires">{fmtWhen(i.expiresAt)}</td>
                    <td>
                      <RowButton action={revokeInviteAction} name="inviteId" value={i.id} label={`Withdraw the invitation to ${i.email}`}>
                        Withdraw
                      </RowButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
