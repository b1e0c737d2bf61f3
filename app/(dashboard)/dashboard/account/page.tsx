import { getDb } from "@/lib/db/client";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { pendingEnrolment, twoFactorStatus } from "@/lib/auth/two-factor";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm, Input } from "../../_components/action-form";
import { NewPasswordFields } from "../../_components/new-password-fields";
import { requireUser } from "../../_lib/session";
import { changePasswordAction, disableTwoFactorAction, enableTwoFactorAction, regenerateCodesAction, startTwoFactorAction } from "./actions";
import { CodesForm } from "./_components/codes-form";
import s from "./account.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your account · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The signed-in user's own account: password and two-factor sign-in. */
export default async function AccountPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const q = await searchParams;
  const db = await getDb();
  const status = await twoFactorStatus(db, user.id);
  const enrolment = status.enrolling ? await pendingEnrolment(db, user) : null;
  const notice = typeof q.notice === "string" ? q.notice : null;
  return (
    <>
      <h1>Your account</h1>
      {notice ? <p role="status" className={s.notice}>{notice}</p> : null}
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <p>
        Signed in as <strong>{user.email}</strong>, role <strong>{ROLE_LABELS[user.role]}</strong>.
      </p>

      <section className={`card ${s.panel}`} aria-labelledby="two-factor">
        <h2 id="two-factor">Two-factor sign-in</h2>
        {status.enabled ? (
          <>
            <p data-testid="two-factor-on">
              On. Signing in asks for the code from your authenticator app. {status.recoveryCodesLeft} recovery code{status.recoveryCodesLeft === 1 ? "" : "s"}{" "}
              left.
            </p>
            <details>
              <summary>New recovery codes</summary>
              <p className="muted">The old ones stop working.</p>
              <CodesForm action={regenerateCodesAction} name="password" label="Your password" type="password" autoComplete="current-password" submit="Make new codes" />
            </details>
            <details>
              <summary>Turn off two-factor sign-in</summary>
              <ActionForm action={disableTwoFactorAction} className="stack">
                <div className="field">
                  <label htmlFor="disable-password">Your password</label>
                  <Input id="disable-password" type="password" name="password" autoComplete="current-password" maxLength={1024} required />
                </div>
                <button type="submit" className="secondary">
                  Turn off
                </button>
              </ActionForm>
            </details>
          </>
        ) : enrolment ? (
          <>
            <p>Scan this code with an authenticator app (1Password, Google Authenticator, Aegis…), then enter the 6-digit code it shows.</p>
            <div className={s.enrol}>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
              <img src={enrolment.qrDataUrl} width={200} height={200} alt="QR code of the two-factor secret for your authenticator app" className={s.qr} />
              <div>
                <p className="muted">Cannot scan? Type this key into the app:</p>
                <p>
                  <code data-testid="totp-secret" className={s.secret}>
                    {enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}
                  </code>
                </p>
                <details>
                  <summary>Setup link</summary>
                  <code data-testid="otpauth-uri" className={s.secret}>
                    {enrolment.uri}
                  </code>
                </details>
              </div>
            </div>
            <CodesForm action={enableTwoFactorAction} name="code" label="Code from the app" type="text" autoComplete="one-time-code" submit="Turn on two-factor sign-in" />
          </>
        ) : (
          <>
            <p>Off. With it on, signing in also asks for a code from an app on your phone.</p>
            <ActionForm action={startTwoFactorAction}>
              <button type="submit">Set up two-factor sign-in</button>
            </ActionForm>
          </>
        )}
      </section>

      <section className={`card ${s.panel}`} aria-labelledby="password-h">
        <h2 id="password-h">Change your password</h2>
        <p className="muted">Your other sessions are signed out.</p>
        <ActionForm action={changePasswordAction} className="stack" initial={formStateFromQuery(q, ["notice"])}>
          <input type="email" name="username" value={user.email} autoComplete="username" readOnly hidden />
          <div className="field">
            <label htmlFor="currentPassword">Current password</label>
            <Input id="currentPassword" type="password" name="currentPassword" autoComplete="current-password" maxLength={1024} required />
          </div>
          <NewPasswordFields name="newPassword" label="New password" />
          <button type="submit">Change password</button>
        </ActionForm>
      </section>
    </>
  );
}
