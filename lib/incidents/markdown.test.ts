import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown, sanitizeFragment } from "./markdown";

const SAFE_TAGS = new Set(["p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "blockquote", "h3", "h4", "h5", "h6", "hr", "del", "s"]);

/**
 * The rendered HTML must carry no way to run code. Text is escaped (no raw "<" in it), so every
 * "<" opens a real tag: each must be on the allow-list, with only quoted href/rel/start attributes,
 * and every href must be http(s) or mailto. Checked by hand rather than with the sanitizer's own parser.
 */
function expectInert(html: string) {
  for (const [, closing, name, attrs] of html.matchAll(/<(\/?)([^\s/>]+)([^>]*)>/g)) {
    expect(SAFE_TAGS, `tag <${name}> in ${html}`).toContain(name.toLowerCase());
    if (closing) continue;
    const rest = attrs.replace(/\s+(href|rel|start)="([^"]*)"/g, (_, attr: string, value: string) => {
      if (attr === "href") expect(value, html).toMatch(/^(https?:\/\/|mailto:)/);
      if (attr === "rel") expect(value).toBe("nofollow noopener noreferrer");
      if (attr === "start") expect(value).toMatch(/^\d+$/);
      return "";
    });
    expect(rest.replace(/\s*\/$/, ""), `attributes of <${name}> in ${html}`).toBe("");
  }
}

describe("renderMarkdown", () => {
  it("renders the Markdown people write in status updates", () => {
    const html = renderMarkdown("We are **investigating** errors on the _API_.\n\n- EU region\n- US region\n\nSee `GET /v1/items`.");
    expect(html).toBe(
      "<p>We are <strong>investigating</strong> errors on the <em>API</em>.</p>\n<ul>\n<li>EU region</li>\n<li>US region</li>\n</ul>\n<p>See <code>GET /v1/items</code>.</p>",
    );
  });

  it("keeps safe links, adds rel, and turns bare URLs into links", () => {
    expect(renderMarkdown("[status](https://example.com/a?b=1&c=2)")).toBe(
      '<p><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">status</a></p>',
    );
    expect(renderMarkdown("Mail support@example.com or see https://example.com/x")).toBe(
      '<p>Mail <a href="mailto:support@example.com" rel="nofollow noopener noreferrer">support@example.com</a> or see <a href="https://example.com/x" rel="nofollow noopener noreferrer">https://example.com/x</a></p>',
    );
  });

  it("keeps code blocks, quotes and ordered lists; demotes big headings below the page's own", () => {
    const html = renderMarkdown("# Root cause\n\n> quoted\n\n3. third\n4. fourth\n\n```\nSELECT 1 < 2;\n```");
    expect(html).toContain("<h3>Root cause</h3>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain('<ol start="3">');
    expect(html).toContain("<pre><code>SELECT 1 &lt; 2;\n</code></pre>");
  });

  it("turns a single line break into <br>, as people expect in a short update", () => {
    expect(renderMarkdown("line one\nline two")).toBe("<p>line one<br />\nline two</p>");
  });

  it("shows raw HTML as text, never as markup", () => {
    const html = renderMarkdown("Fixed <script>alert(document.cookie)</script> and <img src=x onerror=alert(1)>");
    expectInert(html);
    expect(html).toContain("&lt;script&gt;alert(document.cookie)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("drops script URLs in links and images, keeping their text", () => {
    for (const src of [
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](java\tscript:alert(1))",
      "[click](&#106;avascript:alert(1))",
      "[click](vbscript:msgbox(1))",
      "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[click](//evil.example/x)",
      "<javascript:alert(1)>",
      "![x](data:image/svg+xml,<svg onload=alert(1)>)",
      "![x](https://example.com/pixel.png)",
      "[click][ref]\n\n[ref]: javascript:alert(1)",
    ]) {
      const html = renderMarkdown(src);
      expectInert(html);
      expect(html).not.toContain("evil.example");
    }
    expect(renderMarkdown("[click](javascript:alert(1))")).toBe("<p>[click](javascript:alert(1))</p>");
  });

  it("cannot break out of an attribute", () => {
    for (const src of [
      '[x](https://example.com/" onmouseover="alert(1))',
      "[x](https://example.com/'onmouseover='alert(1))",
      '[x](<https://example.com/"><script>alert(1)</script>>)',
      '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
      "https://example.com/\"onmouseover=alert(1)//",
    ]) {
      const html = renderMarkdown(src);
      expectInert(html);
      // Every quote inside an href is escaped, so the only attributes are href and rel.
      for (const tag of html.match(/<a\b[^>]*>/g) ?? []) expect(tag).toMatch(/^<a href="[^"]*" rel="nofollow noopener noreferrer">$/);
    }
  });

  it("removes HTML that markdown-it would never emit, should it ever pass through", () => {
    // Defence in depth: the sanitizer alone must also hold.
    const html = sanitizeFragment(
      '<p onclick="alert(1)">hi<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="javascript:alert(1)"></iframe>' +
        '<a href="javascript:alert(1)">a</a><a href=" JAVASCRIPT:alert(1)">b</a><a href="data:text/html,x">c</a><a href="https://ok.example" onclick="x()" target="_blank">d</a>' +
        '<svg><script>alert(1)</script></svg><style>*{}</style><math><mi xlink:href="javascript:alert(1)">m</mi></math></p>',
    );
    expectInert(html);
    expect(html).toBe(
      '<p>hi<a>a</a><a>b</a><a>c</a><a href="https://ok.example" rel="nofollow noopener noreferrer">d</a></p>'.replace(/<a>/g, '<a rel="nofollow noopener noreferrer">'),
    );
  });

  it("has a check that does catch live markup", () => {
    for (const bad of ['<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<p onclick="x()">x</p>', '<a href="https://x" target=_blank>x</a>', "<script>x</script>"])
      expect(() => expectInert(bad), bad).toThrow();
  });

  it("returns an empty string for empty text", () => {
    expect(renderMarkdown("")).toBe("");
    expect(renderMarkdown("   \n")).toBe("");
  });
});

describe("markdownToText (the text part of emails)", () => {
  it("drops emphasis, code and strike markers, keeping their words", () => {
    expect(markdownToText("We have **identified** a _bad_ deploy of `api-7`, ~~not~~ the database.")).toBe("We have identified a bad deploy of api-7, not the database.");
  });

  it("keeps a link's address readable as text (url), once when the text is the address", () => {
    expect(markdownToText("See [the runbook](https://example.com/runbook).")).toBe("See the runbook (https://example.com/runbook).");
    expect(markdownToText("See https://example.com/x and <https://example.com/y>, or write to ops@example.com.")).toBe(
      "See https://example.com/x and https://example.com/y, or write to ops@example.com.",
    );
    // markdown-it refuses the scheme, so no link is made and the text stays as written.
    expect(markdownToText("[Log in](javascript:alert(1))")).toBe("[Log in](javascript:alert(1))");
  });

  it("lists as - item and 1. item, nested lists indented, loose lists spaced", () => {
    expect(markdownToText("Steps:\n\n* one\n* two\n  * two a\n  * two b\n* three")).toBe("Steps:\n\n- one\n- two\n  - two a\n  - two b\n- three");
    expect(markdownToText("3. third\n4. fourth\n   with more")).toBe("3. third\n4. fourth\n   with more");
    expect(markdownToText("- one\n\n- two")).toBe("- one\n\n- two");
  });

  it("headings as plain lines, quotes with >, code blocks as they are, paragraphs apart", () => {
    expect(markdownToText("## Update\n\n> customers saw **errors**\n\n```\n$ restart api\n```\n\nDone &amp; dusted.")).toBe(
      "Update\n\n> customers saw errors\n\n$ restart api\n\nDone & dusted.",
    );
  });

  it("line breaks stay line breaks, raw HTML stays text", () => {
    expect(markdownToText("line one\nline two")).toBe("line one\nline two");
    expect(markdownToText("<b>bold</b>")).toBe("<b>bold</b>");
  });
});
