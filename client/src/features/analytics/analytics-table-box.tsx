import type { ReactNode } from "react";

/** A wide table's own scrolling box: it takes focus, so the keyboard can scroll it on a narrow screen. */
export function AnalyticsTableBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table takes focus so the keyboard can scroll it
    <div className="table-wrap" tabIndex={0} role="group" aria-label={label}>
      {children}
    </div>
  );
}
