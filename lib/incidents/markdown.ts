import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * Incident text is written by the team but read by everyone, so it is treated as hostile:
 * markdown-it never passes raw HTML through (`html: false`), and its output still goes through
 * an allow-list, so a bug in either layer alone cannot put script on the public page.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "blockquote", "h3", "h4", "h5", "h6", "hr", "del", "s"],
  allowedAttributes: { a: ["href", "rel"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Headings in a timeline entry sit under the page's own h1-h3: demote # and ## instead of dropping them.
  transformTags: {
    h1: "h3",
    h2: "h4",
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer" }),
  },
  // Anything not allowed is dropped with its content when it can only be code, kept as text otherwise.
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "svg", "math"],
};

/** Markdown to HTML that is safe to put into the page as is. */
export function renderMarkdown(text: string): string {
  return sanitizeFragment(md.render(text));
}

/** The allow-list on its own: only the tags and links Markdown produces survive. */
export function sanitizeFragment(html: string): string {
  return sanitizeHtml(html, SANITIZE).trim();
}

type Token = ReturnType<typeof md.parse>[number];

/**
 * Markdown to plain text, for the text part of emails: what a reader of the HTML would see,
 * without markup. Emphasis markers go, a link keeps its address as "text (url)" (once, when the
 * text is the address), list items become "- item" or "1. item", quotes "> ", headings plain lines.
 * Walks markdown-it's token stream, so it parses exactly as renderMarkdown does.
 */
export function markdownToText(text: string): string {
  const lines: string[] = [];
  /** Continuation indent of each open list item, outermost first. */
  const itemIndents: string[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quoteDepth = 0;
  /** The list marker the next block starts with ("- ", "2. "), once. */
  let marker: string | null = null;
  let blankBefore = false;

  let lastQuoteDepth = 0;
  const emit = (content: string, tight: boolean) => {
    const quote = "> ".repeat(quoteDepth);
    // The blank line between two blocks belongs to the quote only when both are in it.
    if (lines.length > 0 && (!tight || blankBefore)) lines.push("> ".repeat(Math.min(quoteDepth, lastQuoteDepth)).trimEnd());
    blankBefore = false;
    lastQuoteDepth = quoteDepth;
    const indent = itemIndents.join("");
    content.split("\n").forEach((line, i) => {
      const lead = i === 0 && marker !== null ? marker : indent;
      lines.push(`${quote}${lead}${line}`.trimEnd());
    });
    marker = null;
  };

  const tokens = md.parse(text, {});
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case "bullet_list_open":
      case "ordered_list_open":
        lists.push({ ordered: t.type === "ordered_list_open", next: Number(t.attrGet("start") ?? 1) });
        // A list after a paragraph gets a blank line, even when its items are tight.
        if (lists.length === 1) blankBefore = true;
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        const list = lists.at(-1)!;
        const own = list.ordered ? `${list.next++}. ` : "- ";
        marker = `${itemIndents.join("")}${own}`;
        itemIndents.push(" ".repeat(own.length));
        break;
      }
      case "list_item_close":
        // An item with no block of its own ("- " alone) still shows its marker.
        if (marker !== null) emit("", true);
        itemIndents.pop();
        break;
      case "blockquote_open":
        quoteDepth += 1;
        break;
      case "blockquote_close":
        quoteDepth -= 1;
        break;
      case "inline": {
        // The inline of a paragraph or heading; a tight list's paragraphs are hidden.
        const opener = tokens[i - 1];
        emit(inlineToText(t.children ?? []), opener?.hidden === true);
        break;
      }
      case "fence":
      case "code_block":
        emit(t.content.replace(/\n$/, ""), false);
        break;
      case "hr":
        emit("----", false);
        break;
    }
  }
  return lines.join("\n").trim();
}

function inlineToText(children: Token[]): string {
  let out = "";
  const open: { href: string; start: number }[] = [];
  for (const t of children) {
    switch (t.type) {
      case "text":
      case "code_inline":
        out += t.content;
        break;
      case "softbreak":
      case "hardbreak":
        out += "\n";
        break;
      case "link_open":
        open.push({ href: String(t.attrGet("href") ?? ""), start: out.length });
        break;
      case "link_close": {
        const link = open.pop();
        if (link && link.href !== "" && !linkSaysItsAddress(out.slice(link.start), link.href)) out += ` (${link.href})`;
        break;
      }
      case "image": {
        const src = String(t.attrGet("src") ?? "");
        out += `${t.content}${src ? ` (${src})` : ""}`;
        break;
      }
    }
  }
  return out;
}

/** An autolink ("https://x", "www.x", "a@b") whose text already is its address. */
function linkSaysItsAddress(label: string, href: string): boolean {
  const bare = (s: string) => s.replace(/^(mailto:|https?:\/\/)/i, "").replace(/\/$/, "");
  return bare(label) === bare(href);
}
