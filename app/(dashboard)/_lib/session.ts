import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { sessionUser, userCount } from "@/lib/auth/users";
import { isSecureRequest, REQUEST_PATH_HEADER } from "@/lib/http/client-address";
import { markForbidden } from "@/lib/http/forbidden-status";
import { safeReturnPath } from "@/lib/http/return-path";

export const SESSION_COOKIE = "status_session";

/** Cookie settings: httpOnly, SameSite=Lax, Secure when the request came over HTTPS or PUBLIC_URL is https. */
export async function setSessionCookie(token: string, expiresAt: number) {
  const secure = isSecureRequest(await headers());
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: new Date(expiresAt) });
}

/** Between a right password and the code: the sign-in challenge, only sent to the code page. */
export const CHALLENGE_COOKIE = "status_login_challenge";
export const CODE_PATH = "/login/code";

export async function setChallengeCookie(challenge: string, expiresAt: number) {
  const secure = isSecureRequest(await headers());
  (await cookies()).set(CHALLENGE_COOKIE, challenge, { httpOnly: true, sameSite: "lax", secure, path: CODE_PATH, expires: new Date(expiresAt) });
}

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/**
 * The signed-in user, or a redirect to sign-in (or to first-run setup when no user exists).
 * Every dashboard page, route handler and server action calls this itself, first: a layout's
 * redirect does not stop its page from rendering beside it (e2e/dashboard-access.spec.ts walks
 * the build's manifests to check that none forgot). With a `permission` the user's role lacks,
 * the request ends in 403 before anything private is read: Next's forbidden() (app/forbidden.tsx)
 * for pages and fetch-mode action calls, and lib/http/forbidden-status.ts for a plain form post.
 */
export async function requireUser(permission?: Permission) {
  const db = await getDb();
  const user = await sessionUser(db, await sessionToken());
  if (user) {
    if (permission && !can(user.role, permission)) {
      markForbidden();
      forbidden();
    }
    return user;
  }
  if ((await userCount(db)) === 0) redirect("/setup");
  // Sign-in comes back here (an alert's "Open dashboard" link keeps its target).
  const back = safeReturnPath((await headers()).get(REQUEST_PATH_HEADER));
  redirect(back && back !== "/dashboard" ? `/login?next=${encodeURIComponent(back)}` : "/login");
}
