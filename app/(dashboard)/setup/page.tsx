import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { userCount } from "@/lib/auth/users";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm, Input } from "../_components/action-form";
import { setupAction } from "../_lib/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Create the admin account" };

/** First run: offered only while no user exists. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if ((await userCount(await getDb())) > 0) redirect("/login");
  const q = await searchParams;
  const { error } = q;
  return (
    <main className="container" id="main">
      <h1>Create the admin account</h1>
      <p className="muted">This account signs in to the dashboard. This page is offered only until it exists.</p>
      {typeof error === "string" ? <p className="error" role="alert">{error}</p> : null}
      <ActionForm className="stack" action={setupAction} initial={formStateFromQuery(q)}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <Input id="email" type="email" name="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password (at least {MIN_PASSWORD_LENGTH} characters)</label>
          <Input id="password" type="password" name="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
        </div>
        <div className="field">
          <label htmlFor="confirm">Password again</label>
          <Input id="confirm" type="password" name="confirm" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
        </div>
        <button type="submit">Create account</button>
      </ActionForm>
    </main>
  );
}
