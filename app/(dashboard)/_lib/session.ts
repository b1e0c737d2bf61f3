import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { sessionUser, userCount } from "@/lib/auth/users";
import { isSecureRequest, REQUEST_PATH_HEADER } from "@/lib/http/client-address";
import { safeReturnPath } from "@/lib/http/return-path";

export const SESSION_COOKIE = "status_session";

/** Cookie settings: httpOnly, SameSite=Lax, Secure when the request came over HTTPS or PUBLIC_URL is https. */
export async function setSessionCookie(token: string, expiresAt: number) {
  const secure = isSecureRequest(await headers());
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: new Date(expiresAt) });
}

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/**
 * The signed-in user, or a redirect to sign-in (or to first-run setup when no user exists).
 * Every dashboard page, route handler and server action calls this itself, first: a layout's
 * redirect does not stop its page from rendering beside it (e2e/dashboard-access.spec.ts walks
 * the build's manifests to check that none forgot).
 */
export async function requireUser() {
  const db = await getDb();
  const user = await sessionUser(db, await sessionToken());
  if (user) return user;
  if ((await userCount(db)) === 0) redirect("/setup");
  // Sign-in comes back here (an alert's "Open dashboard" link keeps its target).
  const back = safeReturnPath((await headers()).get(REQUEST_PATH_HEADER));
  redirect(back && back !== "/dashboard" ? `/login?next=${encodeURIComponent(back)}` : "/login");
}
