import type { SubscribableComponent } from "@/lib/subscriptions/manage";
import styles from "../subscribe.module.css";

/**
 * "All components" or some, as radio buttons and checkboxes that work without JavaScript (the
 * list hides itself with CSS while "all" is chosen). Public components only, grouped as on the page.
 */
export function ComponentPicker({ components, all, chosen }: { components: SubscribableComponent[]; all: boolean; chosen: ReadonlySet<number> }) {
  const groups = new Map<string, SubscribableComponent[]>();
  for (const c of components) groups.set(c.group ?? "", [...(groups.get(c.group ?? "") ?? []), c]);
  return (
    <fieldset className={styles.fieldset}>
      <legend>Which components?</legend>
      <label className={styles.choice}>
        <input type="radio" name="scope" value="all" defaultChecked={all} />
        <span>
          All components
          <small>Including components added later.</small>
        </span>
      </label>
      <label className={styles.choice}>
        <input type="radio" name="scope" value="some" defaultChecked={!all} disabled={components.length === 0} />
        <span>Only the ones I choose</span>
      </label>
      {components.length > 0 ? (
        <div className={styles.componentList} data-testid="component-list">
          {[...groups].map(([group, list]) => (
            <fieldset key={group || "-"} className={styles.group}>
              {group ? <legend>{group}</legend> : <legend className="visually-hidden">Components</legend>}
              <div className={styles.checks}>
                {list.map((c) => (
                  <label key={c.id} className={styles.choice}>
                    <input type="checkbox" name="components" value={c.id} defaultChecked={chosen.has(c.id)} />
                    <span>{c.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
