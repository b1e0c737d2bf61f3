import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { sessionUser, userCount } from "@/lib/auth/users";

export const SESSION_COOKIE = "status_session";

/** Cookie settings: httpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
export async function setSessionCookie(token: string, expiresAt: number) {
  const h = await headers();
  const secure = h.get("x-forwarded-proto") === "https";
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: new Date(expiresAt) });
}

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/** The signed-in user, or a redirect to sign-in (or to first-run setup when no user exists). */
export async function requireUser() {
  const db = await getDb();
  const user = await sessionUser(db, await sessionToken());
  if (user) return user;
  redirect((await userCount(db)) === 0 ? "/setup" : "/login");
}

/** The client's address for sign-in throttling. */
export async function clientKey(): Promise<string> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0].trim() || h.get("x-real-ip") || "unknown";
}
