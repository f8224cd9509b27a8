import { useEffect, useRef } from "react";
import { MarkdownText } from "../../common/components/markdown-text";

interface Props {
  guidelines: string;
  onClose: () => void;
}

/**
 * The campaign's guidelines beside the outputs, not over the verdicts: judging keys keep working while it is
 * open. It takes the focus so the keyboard scrolls it, and gives it back when closed.
 */
export function AnnotateGuidelines({ guidelines, onClose }: Props) {
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.focus({ preventScroll: true });
    return () => before?.focus({ preventScroll: true });
  }, []);
  return (
    <aside className="annotate-guidelines" aria-labelledby="annotate-guidelines-title" ref={panel} tabIndex={-1}>
      <header>
        <h2 id="annotate-guidelines-title">Guidelines</h2>
        <button
          type="button"
          className="button-quiet button-small"
          onClick={onClose}
          aria-keyshortcuts="G ? Escape"
          title="Close (G, ? or Esc)"
        >
          Close <kbd aria-hidden="true">G</kbd>
        </button>
      </header>
      <div className="annotate-guidelines-text">
        {guidelines.trim() === "" ? <p className="muted">This campaign has no written guidelines.</p> : <MarkdownText text={guidelines} />}
      </div>
    </aside>
  );
}
