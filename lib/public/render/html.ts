/**
 * A tiny HTML builder for pages rendered without React (the public status page, where a
 * thousand monitors must stay small and fast). Every interpolated value is escaped unless it is
 * an `Html` made by this module; there is no other way to put text into markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

type Part = Html | string | number | null | undefined | false | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/** html`<p>${text}</p>`: values are escaped; arrays are joined; null/false/undefined render nothing. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup that is already safe (sanitized Markdown, our own CSS). Use sparingly. */
export function trusted(markup: string): Html {
  return new Html(markup);
}
