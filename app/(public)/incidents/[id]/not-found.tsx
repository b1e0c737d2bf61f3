import { strings as t } from "@/lib/i18n/en";
import { HISTORY_PATH } from "@/lib/public/history";

/** A missing, draft or otherwise private incident: the same answer for all, with the ways on. */
export default function IncidentNotFound() {
  return (
    <>
      <a className="skip-link" href="#main">
        {t.page.skipToContent}
      </a>
      <div className="container">
        <main id="main">
          <h1>{t.history.notFoundHeading}</h1>
          <p>{t.history.notFound}</p>
          <p>
            <a href="/">
              <span aria-hidden="true">← </span>
              {t.history.backToStatus}
            </a>
            {" · "}
            <a href={HISTORY_PATH}>{t.history.link}</a>
          </p>
        </main>
      </div>
    </>
  );
}
