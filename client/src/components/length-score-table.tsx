import type { ModelLengthReport } from "../../../shared/schemas/report";
import { countOf, formatNumber } from "../format";
import { flagNames } from "./sample-facts";

const judgeNeeded = "needs the LLM judge (coming next)";
const flagOrder = ["truncation", "repetition", "languageMismatch", "empty"];

const score = (s: number | null) => (s === null ? "—" : s.toFixed(1));

/** "9 truncated · 1 repetitive", in a fixed order, unknown flags last under their own name. */
export function flagSummary(flags: Record<string, number>): string {
  const names = Object.keys(flags).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names
    .filter((f) => (flags[f] ?? 0) > 0)
    .map((f) => `${formatNumber(flags[f] ?? 0)} ${flagNames[f]?.label ?? f}`)
    .join(" · ");
}
const rank = (flag: string) => (flagOrder.includes(flag) ? flagOrder.indexOf(flag) : flagOrder.length);

interface Props {
  ranges: string[];
  models: ModelLengthReport[];
}

/** S_l per model, overall and per required-length range, laid out like LongBench-Write's results table. */
export function LengthScoreTable({ ranges, models }: Props) {
  return (
    <div className="table-wrap">
      <table className="table length-table">
        <caption className="visually-hidden">Length score S_l per model, overall and by required length</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="num" title="Finished outputs on instructions with a required length">
              Samples
            </th>
            <th scope="col" className="num" title="Length score over all samples (0–100)">
              S<sub>l</sub>
            </th>
            {ranges.map((r) => (
              <th scope="col" className="num " key={r} title={`S_l on instructions requiring ${r} words`}>
                {r}
              </th>
            ))}
            <th scope="col" className="num judge-col" title={judgeNeeded}>
              S<sub>q</sub>
            </th>
            <th scope="col" className="num judge-col" title={judgeNeeded}>
              S
            </th>
            <th scope="col" title="Offline signals raised on the outputs">
              Flags
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.model_id}>
              <th scope="row" className="model-name">
                {m.model_name}
                {m.is_reference && <span className="badge">reference</span>}
              </th>
              <td className="num">{formatNumber(m.samples)}</td>
              <td className="num overall-score">{score(m.length_score)}</td>
              {ranges.map((r) => {
                const cell = m.by_range[r];
                const samples = cell?.samples ?? 0;
                return (
                  <td key={r} className={`num${samples === 0 ? " empty-cell" : ""}`} title={countOf(samples, "sample")}>
                    {score(cell?.length_score ?? null)}
                  </td>
                );
              })}
              <td className="num empty-cell judge-col">—</td>
              <td className="num empty-cell judge-col">—</td>
              <td className="flag-summary">{flagSummary(m.flags) || <span className="empty-cell">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
