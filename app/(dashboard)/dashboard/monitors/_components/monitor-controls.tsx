import Link from "next/link";
import { ActionForm, Checkbox } from "../../../_components/action-form";
import { archiveMonitorAction, pauseMonitorAction } from "../actions";
import s from "../../incidents/incidents.module.css";

/**
 * What an editor may do with a monitor: pause or resume it (any monitor: operational state), and
 * edit or archive one created in the dashboard (a config-managed one says where it is changed).
 */
export function MonitorControls({ monitor: m, configFile }: { monitor: { key: string; origin: string; pausedAt: number | null }; configFile: string }) {
  const paused = m.pausedAt !== null;
  return (
    <section aria-labelledby="manage-h" className="card chart" data-testid="monitor-controls">
      <h2 id="manage-h">Manage</h2>
      <ActionForm action={pauseMonitorAction} className={s.actions}>
        <input type="hidden" name="key" value={m.key} />
        <input type="hidden" name="pause" value={paused ? "resume" : "pause"} />
        <button type="submit">{paused ? "Resume monitoring" : "Pause monitoring"}</button>
        <span className="muted">{paused ? "Checks start again within one interval." : "Not checked, no alerts, its time not counted, until resumed."}</span>
      </ActionForm>
      {m.origin === "config" ? (
        <p className="muted" data-testid="managed-by-config">
          Managed by config: edit or remove it in <code>{configFile}</code> (the entry <code>key: {m.key}</code> under <code>monitors:</code>).
        </p>
      ) : (
        <>
          <p className={s.actions}>
            <Link className="button" href={`/dashboard/monitors/${encodeURIComponent(m.key)}/edit`}>
              Edit monitor
            </Link>
          </p>
          <ActionForm action={archiveMonitorAction} className={s.actions}>
            <input type="hidden" name="key" value={m.key} />
            <label className={s.check}>
              <Checkbox name="confirm" />
              Yes, archive it: it stops being checked and leaves the pages (its history is kept)
            </label>
            <button type="submit">Archive monitor</button>
          </ActionForm>
        </>
      )}
    </section>
  );
}
