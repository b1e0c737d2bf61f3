import Link from "next/link";
import { logoutAction } from "../_lib/actions";
import { can } from "@/lib/auth/roles";
import { requireUser } from "../_lib/session";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className="container wide">
      <header className="site">
        <nav className="dash" aria-label="Dashboard">
          <strong>Dashboard</strong>
          <Link href="/dashboard">Monitors</Link>
          <Link href="/dashboard/components">Components</Link>
          <Link href="/dashboard/incidents">Incidents</Link>
          <Link href="/dashboard/maintenance">Maintenance</Link>
          <Link href="/dashboard/notifications">Notifications</Link>
          <Link href="/dashboard/subscribers">Subscribers</Link>
          <Link href="/dashboard/probes">Probes</Link>
          <Link href="/dashboard/reports">Reports</Link>
          <Link href="/dashboard/audit">Audit log</Link>
          {can(user.role, "admin") ? <Link href="/dashboard/users">Users</Link> : null}
          {can(user.role, "admin") ? <Link href="/dashboard/config">Configuration</Link> : null}
          <Link href="/dashboard/account">Account</Link>
          <Link href="/dashboard/api-keys">API keys</Link>
          <Link href="/">Public page</Link>
        </nav>
        <form action={logoutAction}>
          <span className="muted">{user.email} </span>
          <button type="submit" className="secondary">Sign out</button>
        </form>
      </header>
      <main id="main">{children}</main>
    </div>
  );
}
