import { useEffect, useRef, useState } from "react";
import { t } from "../../common/i18n";
import type { OutlineEntry } from "./annotate-text";
import { panelAttribute } from "./covering-panels";

interface Props {
  label: string;
  entries: OutlineEntry[];
  onJump: (index: number) => void;
}

/**
 * A side's headings, folded under one line; picking one scrolls that side to it and closes the list. The open
 * list lies over the text, so it closes on Esc and on a tap outside it, and the judging keys wait meanwhile.
 */
export function AnnotateOutline({ label, entries, onJump }: Props) {
  const details = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const close = () => {
      if (details.current) details.current.open = false;
    };
    // Captured before the judging keys' listener, which leaves an event already handled alone.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      // The focus goes back to the toggle only from inside the list (not out of a rationale being typed).
      const inside = details.current?.contains(document.activeElement) ?? false;
      close();
      if (inside) details.current?.querySelector("summary")?.focus({ preventScroll: true });
    };
    const onPointer = (event: PointerEvent) => {
      if (!details.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("pointerdown", onPointer, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("pointerdown", onPointer, true);
    };
  }, [open]);
  if (entries.length === 0) return <span className="annotate-outline-none hint">{t("No headings")}</span>;
  const top = Math.min(...entries.map((e) => e.level));
  return (
    <details className="annotate-outline" ref={details} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t("Outline")} <span className="muted">({entries.length})</span>
      </summary>
      <ol aria-label={t("{{side}} outline", { side: label })} {...{ [panelAttribute]: "" }}>
        {entries.map((entry, index) => (
          <li key={`${entry.line}-${index}`} style={{ paddingLeft: `${(entry.level - top) * 0.9}rem` }}>
            <button
              type="button"
              className="button-quiet"
              onClick={() => {
                if (details.current) details.current.open = false;
                onJump(index);
              }}
            >
              {entry.text || <span className="muted">({t("untitled")})</span>}
            </button>
          </li>
        ))}
      </ol>
    </details>
  );
}
