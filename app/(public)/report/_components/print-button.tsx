"use client";

/** Opens the browser's print dialog, where "Save as PDF" is. Hidden in print. */
export function PrintButton({ label, className }: { label: string; className?: string }) {
  return (
    <button type="button" className={className} onClick={() => window.print()}>
      {label}
    </button>
  );
}
