import Link from "next/link";

/** 403 inside the dashboard: the page needs a role this user does not have. */
export default function DashboardForbidden() {
  return (
    <>
      <h1>Not allowed</h1>
      <p>Your role cannot open this page. Ask an admin to change your role if you need it.</p>
      <p>
        <Link href="/dashboard">Back to the dashboard</Link>
      </p>
    </>
  );
}
