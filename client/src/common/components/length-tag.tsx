import type { LengthSource } from "../../../../shared/schemas/instruction";
import { formatNumber, lengthUnit } from "../format";
import { t } from "../i18n";

/**
 * A required length with where it came from: a "parsed" tag, or a muted note when there is none. The unit follows
 * the instruction's language ("3,000 字", "3,000 words").
 */
export function RequiredLength({ length, source, lang }: { length: number | null; source: LengthSource; lang: string }) {
  if (length === null || source === "none") {
    return <span className="tag tag-muted">{t("none — no length score")}</span>;
  }
  return (
    <span className="required-length">
      <span className="num">{formatNumber(length)}</span> <span className="length-unit">{lengthUnit(lang)}</span>
      {source === "parsed" && (
        <span className="tag" title={t("Read from the prompt text, not from a length field")}>
          {t("parsed")}
        </span>
      )}
    </span>
  );
}
