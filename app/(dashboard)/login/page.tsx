import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { userCount } from "@/lib/auth/users";
import { safeReturnPath } from "@/lib/http/return-path";
import { loginAction } from "../_lib/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string; next?: string }> }) {
  if ((await userCount(await getDb())) === 0) redirect("/setup");
  const { error, next } = await searchParams;
  const returnTo = safeReturnPath(typeof next === "string" ? next : null);
  return (
    <main className="container" id="main">
      <h1>Sign in</h1>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <form className="stack" action={loginAction}>
        {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
