import { useId, useState } from "react";
import type { AnnotationItem } from "../../../../shared/schemas/campaigns";
import { formatNumber, lengthUnit } from "../../common/format";
import { t } from "../../common/i18n";

// Prompts longer than this, or with more lines, start folded to their first lines.
const foldChars = 320;
const foldLines = 3;

/** The request both outputs answer, pinned above them; long ones fold to three lines. */
export function AnnotateInstruction({ instruction }: { instruction: AnnotationItem["instruction"] }) {
  const textId = useId();
  const [expanded, setExpanded] = useState(false);
  const long = instruction.prompt.length > foldChars || instruction.prompt.split("\n").length > foldLines;
  const lang = instruction.lang === "other" ? undefined : instruction.lang;
  return (
    <section className="annotate-instruction" aria-label={t("Instruction")}>
      <div className="annotate-instruction-facts">
        <h2>{t("Instruction")}</h2>
        <span data-testid="required-length">
          {instruction.required_length === null ? (
            <span className="muted">{t("no length required")}</span>
          ) : (
            <>
              {t("required length")} <strong>{formatNumber(instruction.required_length)}</strong> {lengthUnit(instruction.lang)}
            </>
          )}
        </span>
        {long && (
          <button
            type="button"
            className="button-quiet button-small"
            aria-expanded={expanded}
            aria-controls={textId}
            onClick={() => setExpanded((e) => !e)}
          >
            {expanded ? t("Fold") : t("Show all")}
          </button>
        )}
      </div>
      <p
        id={textId}
        className={`annotate-prompt${long && !expanded ? " annotate-prompt-folded" : ""}`}
        lang={lang}
        tabIndex={expanded ? 0 : undefined}
      >
        {instruction.prompt}
      </p>
    </section>
  );
}
