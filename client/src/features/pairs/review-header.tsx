import { t } from "../../common/i18n";
import { useState } from "react";
import { Link } from "react-router";
import type { InstructionReview } from "../../../../shared/schemas/pairs";
import { formatNumber } from "../../common/format";
import { RequiredLength } from "../../common/components/length-tag";
import { KeyButton } from "./review-actions";
import type { ReviewCommand } from "./hooks/use-review-keys";

// Prompts longer than this, or with more lines, start folded to their first lines.
const foldChars = 280;
const foldLines = 3;

interface Props {
  review: InstructionReview;
  setName: string | undefined;
  /** This instruction's place among the run's instructions with proposals (1-based), and their number. */
  position: { index: number; total: number } | undefined;
  onCommand: (command: ReviewCommand) => void;
  busy: boolean;
}

/** Which instruction this is, what it asks, which run and judge score it, and the way to its neighbours. */
export function ReviewHeader({ review, setName, position, onCommand, busy }: Props) {
  const { instruction, run, judge } = review;
  const [expanded, setExpanded] = useState(false);
  const long = instruction.prompt.length > foldChars || instruction.prompt.split("\n").length > foldLines;
  const lang = instruction.lang === "other" ? undefined : instruction.lang;
  const w = review.length_weight;
  return (
    <header className="review-header">
      <p className="breadcrumb">
        {run ? <Link to={`/pairs/runs/${run.id}`}>{t("Pair run #{{id}}", { id: run.id })}</Link> : <Link to="/pairs">{t("Pairs")}</Link>} /{" "}
        <Link to={`/instructions/${instruction.id}`}>{t("Instruction page")}</Link>
      </p>
      <div className="review-title">
        <h1>
          {t("Instruction")} <span className="mono">{instruction.external_id}</span>
        </h1>
        <div className="review-facts">
          {setName && <span>{setName}</span>}
          <span>
            {t("required")}{" "}
            <RequiredLength length={instruction.required_length} source={instruction.length_source} lang={instruction.lang} />
          </span>
          {instruction.category && <span>{instruction.category}</span>}
        </div>
        {run && (
          <nav className="review-nav" aria-label={t("Instructions with proposals")}>
            <span className="review-position" data-testid="review-position">
              {position
                ? position.index > 0
                  ? t("Instruction {{index}} of {{total}} with proposals", {
                      index: formatNumber(position.index),
                      total: formatNumber(position.total),
                    })
                  : t("Not among the {{total}} instructions with proposals", { total: formatNumber(position.total) })
                : "\u00a0"}
            </span>
            <KeyButton
              command="previous"
              label={t("Previous")}
              onCommand={onCommand}
              disabled={busy || review.previous_instruction_id === null}
              title={t("Previous instruction with proposals")}
            />
            <KeyButton
              command="next"
              label={t("Next")}
              onCommand={onCommand}
              disabled={busy || review.next_instruction_id === null}
              title={t("Next instruction with proposals")}
            />
          </nav>
        )}
      </div>
      <div className="review-prompt-wrap">
        <div id="review-prompt" className={long && !expanded ? "review-prompt review-prompt-folded" : "review-prompt"} lang={lang}>
          {instruction.prompt}
        </div>
        {long && (
          <button
            type="button"
            className="button-quiet button-small"
            aria-expanded={expanded}
            aria-controls="review-prompt"
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? t("Show less") : t("Show the whole prompt")}
          </button>
        )}
      </div>
      <p className="hint review-run">
        {run ? (
          <>
            <span className="mono">{run.strategy}</span> · {t("seed")} <span className="mono">{run.seed}</span> · S = {w}·S<sub>l</sub> +{" "}
            {Math.round((1 - w) * 1000) / 1000}·S<sub>q</sub>
            {run.min_margin > 0 && <> · {t("margin ≥ {{min}}", { min: run.min_margin })}</>}
            {run.flag_penalty > 0 && <> · {t("−{{points}} per flag", { points: run.flag_penalty })}</>} ·{" "}
          </>
        ) : (
          <>
            {t("No pair run:")} S = {w}·S<sub>l</sub> + {Math.round((1 - w) * 1000) / 1000}·S<sub>q</sub> ·{" "}
          </>
        )}
        {judge ? (
          <>
            {t("judge")} <strong>{judge.judge_model_name}</strong> {t("with")} <strong>{judge.template_name}</strong>
          </>
        ) : (
          t("no judge has scored this instruction's samples")
        )}
      </p>
    </header>
  );
}
