import { describe, expect, it } from "vitest";
import { html, trusted } from "./html";

describe("html builder", () => {
  it("escapes every interpolated value, in text and in attributes", () => {
    const name = `<script>alert(1)</script>"' onmouseover=x`;
    expect(String(html`<p title="${name}">${name}</p>`)).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onmouseover=x">&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onmouseover=x</p>',
    );
  });
  it("nests builders and arrays without escaping twice, and drops null, undefined and false", () => {
    const items = ["a&b", "c"].map((x) => html`<li>${x}</li>`);
    expect(String(html`<ul>${items}${null}${undefined}${false}</ul>`)).toBe("<ul><li>a&amp;b</li><li>c</li></ul>");
    expect(String(html`<div>${trusted("<b>ok</b>")}${0}</div>`)).toBe("<div><b>ok</b>0</div>");
  });
});
