"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { AuthError, createFirstAdmin, createSession, endSession, signIn } from "@/lib/auth/users";
import { clientKey } from "@/lib/http/client-address";
import { safeReturnPath } from "@/lib/http/return-path";
import { SESSION_COOKIE, sessionToken, setSessionCookie } from "./session";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

/** Errors travel back in the query string, so the forms work without JavaScript. */
function back(path: string, err: unknown): never {
  if (err instanceof AuthError) redirect(`${path}${path.includes("?") ? "&" : "?"}error=${encodeURIComponent(err.message)}`);
  throw err;
}

export async function setupAction(form: FormData) {
  const db = await getDb();
  let session;
  try {
    if (field(form, "password") !== field(form, "confirm")) throw new AuthError("The two passwords differ.", "invalid_input");
    const userId = await createFirstAdmin(db, field(form, "email"), field(form, "password"));
    session = await createSession(db, userId);
  } catch (err) {
    back("/setup", err);
  }
  await setSessionCookie(session.token, session.expiresAt);
  redirect("/dashboard");
}

export async function loginAction(form: FormData) {
  const db = await getDb();
  const next = safeReturnPath(field(form, "next"));
  let session;
  try {
    session = await signIn(db, field(form, "email"), field(form, "password"), clientKey(await headers()));
  } catch (err) {
    back(next ? `/login?next=${encodeURIComponent(next)}` : "/login", err);
  }
  await setSessionCookie(session.token, session.expiresAt);
  redirect(next ?? "/dashboard");
}

export async function logoutAction() {
  await endSession(await getDb(), await sessionToken());
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/login");
}
