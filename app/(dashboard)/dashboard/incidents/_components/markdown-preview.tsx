"use client";
import { useState, useTransition } from "react";
import { previewMarkdownAction } from "../actions";
import s from "../incidents.module.css";

/**
 * A Preview button for a Markdown textarea: the server renders the text with the same sanitizing
 * renderer as the public page (lib/incidents/markdown.ts) and the answer is shown below. A plain
 * button, so it works from the keyboard; the result is announced politely.
 */
export function MarkdownPreview({ target }: { target: string }) {
  const [result, setResult] = useState<{ html?: string; error?: string } | null>(null);
  const [pending, start] = useTransition();
  const preview = () =>
    start(async () => {
      const text = (document.getElementById(target) as HTMLTextAreaElement | null)?.value ?? "";
      setResult(await previewMarkdownAction(text));
    });
  return (
    <div className={s.preview}>
      <button type="button" className="secondary" onClick={preview} aria-controls={`${target}-preview`} disabled={pending}>
        {pending ? "Rendering…" : "Preview"}
      </button>
      <div id={`${target}-preview`} aria-live="polite" aria-label="Preview" role="region" data-testid="markdown-preview">
        {result?.error ? (
          <p className="error">{result.error}</p>
        ) : result?.html !== undefined ? (
          // Sanitized on the server by lib/incidents/markdown.ts, the public page's renderer.
          <div className={`${s.body} ${s.previewBody}`} dangerouslySetInnerHTML={{ __html: result.html || "<p><em>Nothing to preview.</em></p>" }} />
        ) : null}
      </div>
    </div>
  );
}
