import { t } from "../../common/i18n";
import { useId } from "react";
import { Link } from "react-router";
import type { Instruction } from "../../../../shared/schemas/instruction";
import type { ProposalSide, ScoredSample } from "../../../../shared/schemas/pairs";
import { excerpt } from "../../common/format";
import { DimensionScores } from "./dimension-scores";
import { JudgeScoreStatusBadge } from "../../common/components/judge-score-parts";
import { MarkdownText } from "../../common/components/markdown-text";
import { flagNames, SampleFlags, sampleNumber, WordCount } from "../../common/components/sample-facts";
import { formatScore } from "../../common/components/scores";

interface Props {
  role: "chosen" | "rejected";
  side: ProposalSide;
  /** The sample as the review shows it now; undefined if it is no longer among the instruction's samples. */
  scored: ScoredSample | undefined;
  instruction: Instruction;
}

/**
 * One side of a proposal: its scores as the run computed them (S, S_l, S_q), the judge's six dimensions and
 * analysis, then the whole output, rendered as Markdown (safely: model output is untrusted) in its own
 * scrolling column so the two sides can be read side by side.
 */
export function ProposalSideView({ role, side, scored, instruction }: Props) {
  const headingId = useId();
  const label = role === "chosen" ? t("Chosen") : t("Rejected");
  const sample = scored?.sample;
  const judgment = scored?.judgment ?? null;
  const lang = instruction.lang === "other" ? undefined : instruction.lang;
  return (
    <section className={`proposal-side side-${role}`} aria-labelledby={headingId} data-sample-id={side.sample_id}>
      <header className="side-head">
        <h3 id={headingId}>{label}</h3>
        <Link to={`/samples/${side.sample_id}`} className="side-sample">
          {sample ? `${sample.model_name} · ${t("sample {{n}}", { n: sampleNumber(sample) })}` : t("Sample {{n}}", { n: side.sample_id })}
        </Link>
      </header>
      <dl className="side-scores">
        <div className="side-score-main" title={t("S with the run's length weight and flag penalty")}>
          <dt>S</dt>
          <dd data-testid="side-score">{formatScore(side.score)}</dd>
        </div>
        <div title={t("Length score, 0–100")}>
          <dt>
            S<sub>l</sub>
          </dt>
          <dd data-testid="side-length-score">{formatScore(side.length_score)}</dd>
        </div>
        <div title={t("Quality score by the run's judge, 0–100")}>
          <dt>
            S<sub>q</sub>
          </dt>
          <dd data-testid="side-quality-score">{formatScore(side.quality_score)}</dd>
        </div>
        <div>
          <dt>{t("Words")}</dt>
          <dd>
            <WordCount words={sample?.word_count ?? null} required={instruction.required_length} lang={instruction.lang} />
          </dd>
        </div>
      </dl>
      {judgment && judgment.status !== "done" && (
        <p>
          <JudgeScoreStatusBadge status={judgment.status} />{" "}
          <span className="muted">{t("the judge's current judgment differs from the run's")}</span>
        </p>
      )}
      {judgment && <DimensionScores judgment={judgment} label={label} />}
      {sample && (sample.flags.length > 0 || (scored?.excluded_by.length ?? 0) > 0) && (
        <p className="side-flags">
          <SampleFlags flags={sample.flags} />
          {scored && scored.excluded_by.length > 0 && (
            <span className="muted">
              {" "}
              {t("left out of new runs: {{flags}}", { flags: scored.excluded_by.map((f) => t(flagNames[f]?.label ?? f)).join(", ") })}
            </span>
          )}
        </p>
      )}
      {judgment?.analysis ? (
        <details className="fold analysis-fold">
          <summary>
            <span className="fold-label">{t("Judge's analysis")}</span> <span className="muted">{excerpt(judgment.analysis, 90)}</span>
          </summary>
          <p className="fold-text">{judgment.analysis}</p>
        </details>
      ) : (
        <p className="hint">{judgment ? t("The judge wrote no analysis.") : t("No judgment by the run's judge.")}</p>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling text takes focus so the keyboard can scroll it */}
      <div className="side-text" tabIndex={0} role="group" aria-label={t("{{label}} output", { label })}>
        {sample?.text ? <MarkdownText text={sample.text} lang={lang} /> : <p className="muted">{t("No text.")}</p>}
      </div>
    </section>
  );
}
