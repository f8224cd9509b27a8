import { useEffect, useRef } from "react";
import { MarkdownText } from "../../common/components/markdown-text";
import { t } from "../../common/i18n";
import { panelAttribute } from "./covering-panels";

interface Props {
  guidelines: string;
  onClose: () => void;
}

/**
 * The campaign's guidelines. On wide screens a column beside the outputs, which shrink to make room: judging
 * keys keep working. On narrow ones a sheet over the whole screen, its Close button always in view; the
 * judging keys wait while it covers an answer (see covering-panels.ts). It takes the focus so the keyboard
 * scrolls it, and gives it back when closed.
 */
export function AnnotateGuidelines({ guidelines, onClose }: Props) {
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.focus({ preventScroll: true });
    return () => before?.focus({ preventScroll: true });
  }, []);
  return (
    <aside
      className="annotate-guidelines"
      aria-labelledby="annotate-guidelines-title"
      ref={panel}
      tabIndex={-1}
      {...{ [panelAttribute]: "" }}
    >
      <header>
        <h2 id="annotate-guidelines-title">{t("Guidelines")}</h2>
        <button
          type="button"
          className="button-quiet button-small annotate-guidelines-close"
          onClick={onClose}
          aria-keyshortcuts="G ? Escape"
          title={t("Close (G, ? or Esc)")}
        >
          {t("Close")} <kbd aria-hidden="true">G</kbd>
        </button>
      </header>
      <div className="annotate-guidelines-text">
        {guidelines.trim() === "" ? (
          <p className="muted">{t("This campaign has no written guidelines.")}</p>
        ) : (
          <MarkdownText text={guidelines} />
        )}
      </div>
    </aside>
  );
}
