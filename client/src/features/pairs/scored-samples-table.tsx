import { t } from "../../common/i18n";
import { Link } from "react-router";
import type { PairProposal, ScoredSample } from "../../../../shared/schemas/pairs";
import { DimensionCells, DimensionHeaders, JudgeScoreStatusBadge } from "../../common/components/judge-score-parts";
import { flagNames, SampleFlags, sampleNumber } from "../../common/components/sample-facts";
import { Score } from "../../common/components/scores";
import { StatusBadge } from "../../common/components/status-badge";
import { qualityDimensions } from "../../../../shared/scoring/judge-answer";
import { formatNumber } from "../../common/format";

interface Props {
  samples: ScoredSample[];
  /** The proposal on screen: its chosen and rejected samples are marked. */
  proposal: PairProposal | undefined;
}

/** Every sample of the instruction with the scores that rank it: S_l, S_q and its dimensions, S, flags. */
export function ScoredSamplesTable({ samples, proposal }: Props) {
  return (
    <div className="table-wrap">
      <table className="table table-compact scored-samples-table">
        <caption className="visually-hidden">{t("All samples of this instruction with their scores")}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t("In the proposal")}</span>
            </th>
            <th scope="col">{t("Sample")}</th>
            <th scope="col">{t("Model")}</th>
            <th scope="col" className="num">
              {t("Words")}
            </th>
            <th scope="col" className="num">
              <abbr title={t("Length score, 0–100")}>
                S<sub>l</sub>
              </abbr>
            </th>
            <th scope="col" className="num">
              <abbr title={t("Quality score: mean of the six dimensions on 0–100")}>
                S<sub>q</sub>
              </abbr>
            </th>
            <DimensionHeaders />
            <th scope="col" className="num">
              <abbr title={t("S with the length weight and flag penalty in force")}>S</abbr>
            </th>
            <th scope="col">{t("Flags")}</th>
            <th scope="col">{t("Left out by")}</th>
            <th scope="col">{t("Judge")}</th>
          </tr>
        </thead>
        <tbody>
          {samples.map(({ sample, length_score, judgment, score, excluded_by }) => {
            const mark =
              sample.id === proposal?.chosen.sample_id ? "chosen" : sample.id === proposal?.rejected.sample_id ? "rejected" : null;
            return (
              <tr key={sample.id} className={mark ? `pair-${mark}` : undefined}>
                <td>
                  {mark && (
                    <span className={`tag pair-tag pair-tag-${mark}`}>
                      {/* "rejected" the side (context "side": 拒选), not the status (已拒绝). */}
                      {mark === "chosen" ? t("chosen") : t("rejected", { context: "side" })}
                    </span>
                  )}
                </td>
                <td className="nowrap">
                  <Link to={`/samples/${sample.id}`} className="strong-link">
                    {t("Sample {{n}}", { n: sampleNumber(sample) })}
                  </Link>
                  {sample.status !== "done" && (
                    <>
                      {" "}
                      <StatusBadge status={sample.status} />
                    </>
                  )}
                </td>
                <td className="model-name">{sample.model_name}</td>
                <td className="num">{sample.word_count === null ? <span className="muted">—</span> : formatNumber(sample.word_count)}</td>
                <td className="num">
                  <Score value={length_score} />
                </td>
                <td className="num">
                  <Score value={judgment?.quality_score} />
                </td>
                {judgment ? (
                  <DimensionCells judgment={judgment} />
                ) : (
                  qualityDimensions.map((d) => (
                    <td key={d} className="num muted">
                      —
                    </td>
                  ))
                )}
                <td className="num strong-score">
                  <Score value={score} />
                </td>
                <td>
                  <SampleFlags flags={sample.flags} />
                </td>
                <td>
                  {excluded_by.length > 0 ? (
                    excluded_by.map((f) => t(flagNames[f]?.label ?? f)).join(", ")
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="nowrap">
                  {judgment ? <JudgeScoreStatusBadge status={judgment.status} /> : <span className="muted">{t("not judged")}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
