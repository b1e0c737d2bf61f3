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
