import { t } from "../../common/i18n";
import type { JudgeIdentity } from "../../../../shared/schemas/pair-judging";
import { formatNumber } from "../../common/format";

interface Props {
  /** Judge identities that judged comparisons of the picked campaigns. */
  judges: JudgeIdentity[];
  picked: string[];
  onPick: (identities: string[]) => void;
  humans: boolean;
  onHumans: (on: boolean) => void;
}

/** Which LLM judges' combined verdicts join the figures as annotators of their own, beside the people or alone. */
export function AnalyticsJudges({ judges, picked, onPick, humans, onHumans }: Props) {
  if (judges.length === 0) return null;
  const toggle = (identity: string, on: boolean) => onPick(on ? [...picked, identity] : picked.filter((p) => p !== identity));
  return (
    <fieldset className="panel analytics-judges">
      <legend>{t("LLM judges")}</legend>
      {judges.map((j) => (
        <label key={j.identity} className="checkbox-field">
          <input type="checkbox" checked={picked.includes(j.identity)} onChange={(e) => toggle(j.identity, e.target.checked)} />
          <span>{j.identity}</span>
          <span className="muted">{t("{{n}} pairs judged", { n: formatNumber(j.pairs_judged) })}</span>
        </label>
      ))}
      <label className="checkbox-field">
        <input type="checkbox" checked={humans} disabled={picked.length === 0} onChange={(e) => onHumans(e.target.checked)} />
        <span>{t("Human judgments")}</span>
      </label>
      <p className="hint">
        {t(
          "A judge's verdict on a comparison combines its two answers (each output shown first once; a disagreement is a tie) and counts as one more annotator. Untick human judgments to see the judges alone. Its position bias here says nothing: both orders were shown; see the judge's left rate on the Judges page.",
        )}
      </p>
    </fieldset>
  );
}
