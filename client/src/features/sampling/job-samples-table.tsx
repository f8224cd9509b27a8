import { t } from "../../common/i18n";
import { Link, useNavigate } from "react-router";
import type { Sample } from "../../../../shared/schemas/sample";
import { excerpt } from "../../common/format";
import { latencyOf, sampleNumber, Tokens, WordCount } from "../../common/components/sample-facts";
import { StatusBadge } from "../../common/components/status-badge";

export function JobSamplesTable({ samples, busy }: { samples: Sample[]; busy: boolean }) {
  const navigate = useNavigate();
  return (
    <div className="table-wrap">
      <table className="table table-compact samples-table" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">{t("Instruction")}</th>
            <th scope="col">{t("Sample")}</th>
            <th scope="col">{t("Status")}</th>
            <th scope="col" className="num">
              {t("Words")}
            </th>
            <th scope="col">{t("Finish reason")}</th>
            <th scope="col" className="num">
              {t("Tokens")}
            </th>
            <th scope="col" className="num">
              {t("Latency")}
            </th>
            <th scope="col" className="num">
              {t("Attempts")}
            </th>
            <th scope="col">{t("Last error")}</th>
          </tr>
        </thead>
        <tbody>
          {samples.map((sample) => {
            const to = `/samples/${sample.id}`;
            return (
              <tr
                key={sample.id}
                className="row-link"
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest("a") && !window.getSelection()?.toString()) navigate(to);
                }}
              >
                <td>
                  <Link to={`/instructions/${sample.instruction_id}`}>{sample.external_id}</Link>
                </td>
                <td>
                  <Link to={to} className="strong-link">
                    {t("Sample {{n}}", { n: sampleNumber(sample) })}
                  </Link>
                </td>
                <td>
                  <StatusBadge status={sample.status} />
                </td>
                <td className="num">
                  <WordCount words={sample.word_count} required={undefined} lang={sample.lang} />
                </td>
                <td>{sample.finish_reason ? <code>{sample.finish_reason}</code> : <span className="muted">—</span>}</td>
                <td className="num">
                  <Tokens sample={sample} />
                </td>
                <td className="num">{latencyOf(sample)}</td>
                <td className="num">{sample.attempts}</td>
                <td className="error-cell" title={sample.last_error ?? undefined}>
                  {sample.last_error ? <code>{excerpt(sample.last_error, 90)}</code> : <span className="muted">—</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
