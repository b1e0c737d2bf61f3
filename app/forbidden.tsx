import Link from "next/link";

/** 403: signed in, but the role lacks the permission (requireUser in app/(dashboard)/_lib/session.ts). */
export default function Forbidden() {
  return (
    <main className="container" id="main">
      <h1>Not allowed</h1>
      <p>Your role cannot do this. Ask an admin of the dashboard to change your role.</p>
      <p>
        <Link href="/dashboard">Back to the dashboard</Link>
      </p>
    </main>
  );
}
