import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { userCount } from "@/lib/auth/users";
import { setupAction } from "../_lib/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Create the admin account" };

/** First run: offered only while no user exists. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if ((await userCount(await getDb())) > 0) redirect("/login");
  const { error } = await searchParams;
  return (
    <main className="container" id="main">
      <h1>Create the admin account</h1>
      <p className="muted">This account signs in to the dashboard. This page is offered only until it exists.</p>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <form className="stack" action={setupAction}>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required />
        </label>
        <label>
          Password (at least {MIN_PASSWORD_LENGTH} characters)
          <input type="password" name="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
        </label>
        <label>
          Password again
          <input type="password" name="confirm" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
        </label>
        <button type="submit">Create account</button>
      </form>
    </main>
  );
}
