import { t } from "../../common/i18n";
import type { ModelLengthReport } from "../../../../shared/schemas/report";
import { countOf, formatNumber } from "../../common/format";
import { flagNames } from "../../common/components/sample-facts";

const flagOrder = ["truncation", "repetition", "languageMismatch", "empty"];

const score = (s: number | null | undefined) => (s === null || s === undefined ? "—" : s.toFixed(1));
const cellClass = (s: number | null | undefined, extra = "") => `num${extra}${s === null || s === undefined ? " empty-cell" : ""}`;

/** "9 truncated · 1 repetitive", in a fixed order, unknown flags last under their own name. */
export function flagSummary(flags: Record<string, number>): string {
  const names = Object.keys(flags).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names
    .filter((f) => (flags[f] ?? 0) > 0)
    .map((f) => `${formatNumber(flags[f] ?? 0)} ${t(flagNames[f]?.label ?? f)}`)
    .join(" · ");
}
const rank = (flag: string) => (flagOrder.includes(flag) ? flagOrder.indexOf(flag) : flagOrder.length);

interface Props {
  ranges: string[];
  models: ModelLengthReport[];
  /** False when no judge has scored the set: S_q and S cannot exist, and the judge columns say so. */
  judged: boolean;
}

/**
 * LongBench-Write's results table: S, S_l and S_q overall, then S_l and S_q per required-length range
 * (the paper's layout; each range's S is in its S_q cell's tooltip), with the judge's counts and the flags.
 */
export function ScoreTable({ ranges, models, judged }: Props) {
  const noJudge = judged ? undefined : t("needs a judge job (see the note above)");
  return (
    <div className="table-wrap">
      <table className="table table-compact length-table score-table">
        <caption className="visually-hidden">
          {t("S, length score S_l and quality score S_q per model, overall and by required length")}
        </caption>
        <colgroup span={2} />
        <colgroup span={3} className="score-group" />
        {ranges.map((r) => (
          <colgroup key={r} span={2} className="score-group" />
        ))}
        <colgroup span={3} />
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t("Model")}
            </th>
            <th scope="col" rowSpan={2} className="num" title={t("Finished outputs on instructions with a required length")}>
              {t("Samples")}
            </th>
            <th scope="colgroup" colSpan={3} className="group-head group-start">
              {t("Overall")}
            </th>
            {ranges.map((r) => (
              <th
                scope="colgroup"
                colSpan={2}
                key={r}
                className="group-head group-start"
                title={t("Instructions requiring {{range}} words", { range: r })}
              >
                {r}
              </th>
            ))}
            <th scope="col" rowSpan={2} className="num group-start" title={t("Finished outputs the judge scored")}>
              {t("Judged")}
            </th>
            <th scope="col" rowSpan={2} className="num" title={t("Outputs the judge gave no readable scores for: left out of S_q")}>
              {t("Judge failed")}
            </th>
            <th scope="col" rowSpan={2} title={t("Offline signals raised on the outputs")}>
              {t("Flags")}
            </th>
          </tr>
          <tr>
            <th scope="col" className="num group-start" title="S = (S_l + S_q) / 2">
              S
            </th>
            <th scope="col" className="num" title={t("Length score over all samples (0–100)")}>
              S<sub>l</sub>
            </th>
            <th scope="col" className="num" title={noJudge ?? t("Quality score over all judged samples (0–100)")}>
              S<sub>q</sub>
            </th>
            {ranges.map((r) => [
              <th
                scope="col"
                className="num group-start"
                key={`${r}-l`}
                title={t("S_l on instructions requiring {{range}} words", { range: r })}
              >
                S<sub>l</sub>
              </th>,
              <th
                scope="col"
                className="num"
                key={`${r}-q`}
                title={noJudge ?? t("S_q on instructions requiring {{range}} words", { range: r })}
              >
                S<sub>q</sub>
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.model_id}>
              <th scope="row" className="model-name">
                {m.model_name}
                {m.is_reference && <span className="badge">{t("reference")}</span>}
              </th>
              <td className="num">{formatNumber(m.samples)}</td>
              <td className={cellClass(m.score, " group-start overall-score")} title={noJudge}>
                {score(m.score)}
              </td>
              <td className={cellClass(m.length_score)}>{score(m.length_score)}</td>
              <td className={cellClass(m.quality_score)} title={noJudge ?? countOf(m.judged, "judged sample")}>
                {score(m.quality_score)}
              </td>
              {ranges.map((r) => {
                const cell = m.by_range[r];
                return [
                  <td
                    key={`${r}-l`}
                    className={cellClass(cell?.length_score, " group-start")}
                    title={countOf(cell?.samples ?? 0, "sample")}
                  >
                    {score(cell?.length_score)}
                  </td>,
                  <td
                    key={`${r}-q`}
                    className={cellClass(cell?.quality_score)}
                    title={noJudge ?? `${countOf(cell?.judged ?? 0, "judged sample")} · S ${score(cell?.score)}`}
                  >
                    {score(cell?.quality_score)}
                  </td>,
                ];
              })}
              <td className={`num group-start${judged ? "" : " empty-cell"}`}>{judged ? formatNumber(m.judged) : "—"}</td>
              <td className={`num${!judged ? " empty-cell" : m.judge_failed > 0 ? " judge-failed" : ""}`}>
                {judged ? formatNumber(m.judge_failed) : "—"}
              </td>
              <td className="flag-summary">{flagSummary(m.flags) || <span className="empty-cell">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
