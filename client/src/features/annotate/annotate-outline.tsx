import { useRef } from "react";
import type { OutlineEntry } from "./annotate-text";

interface Props {
  label: string;
  entries: OutlineEntry[];
  onJump: (index: number) => void;
}

/** A side's headings, folded under one line; picking one scrolls that side to it and closes the list. */
export function AnnotateOutline({ label, entries, onJump }: Props) {
  const details = useRef<HTMLDetailsElement>(null);
  if (entries.length === 0) return <span className="annotate-outline-none hint">No headings</span>;
  const top = Math.min(...entries.map((e) => e.level));
  return (
    <details className="annotate-outline" ref={details}>
      <summary>
        Outline <span className="muted">({entries.length})</span>
      </summary>
      <ol aria-label={`${label} outline`}>
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
              {entry.text || <span className="muted">(untitled)</span>}
            </button>
          </li>
        ))}
      </ol>
    </details>
  );
}
