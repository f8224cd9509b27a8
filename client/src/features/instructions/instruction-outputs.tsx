import { t } from "../../common/i18n";
import { Link } from "react-router";
import type { Instruction } from "../../../../shared/schemas/instruction";
import { SamplesResponseSchema, type Sample } from "../../../../shared/schemas/sample";
import { countOf, excerpt } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { DemoNotice } from "../../common/components/demo-notice";
import { ErrorAlert } from "../../common/components/error-alert";
import { LengthScore, SampleFlags, sampleNumber, WordCount } from "../../common/components/sample-facts";
import { StatusBadge } from "../../common/components/status-badge";

/** Samples grouped by model, in the server's order (reference models first). */
function byModel(samples: Sample[]): Sample[][] {
  const groups = new Map<number, Sample[]>();
  for (const s of samples) groups.set(s.model_id, [...(groups.get(s.model_id) ?? []), s]);
  return [...groups.values()];
}

/** Every model output of one instruction, for reading them side by side with the prompt. */
export function InstructionOutputs({ instruction }: { instruction: Instruction }) {
  const { data, error } = useApiData(`/api/instructions/${instruction.id}/samples`, SamplesResponseSchema);
  const groups = data ? byModel(data.samples) : [];
  return (
    <section aria-labelledby="outputs-heading" className="outputs">
      <h2 id="outputs-heading">{t("Outputs")}</h2>
      <ErrorAlert error={error} />
      {!data && !error && <p className="muted">{t("Loading…")}</p>}
      {data && data.samples.length === 0 && (
        <p className="muted">
          {t("No outputs yet. Start a job on the")} <Link to="/sampling">{t("Sampling")}</Link> {t("page.")}
        </p>
      )}
      {data?.samples.some((s) => s.source === "demo") && <DemoNotice />}
      {groups.map((samples) => {
        const first = samples[0];
        if (!first) return null;
        return (
          <section key={first.model_id} className="output-group" aria-label={first.model_name}>
            <h3>
              {first.model_name}
              {first.is_reference && <span className="badge badge-accent">{t("reference")}</span>}
              <span className="muted output-count">{countOf(samples.length, "sample")}</span>
            </h3>
            <OutputsTable samples={samples} required={instruction.required_length} />
          </section>
        );
      })}
    </section>
  );
}

function OutputsTable({ samples, required }: { samples: Sample[]; required: number | null }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t("Sample")}</th>
            <th scope="col">{t("Status")}</th>
            <th scope="col" className="num">
              {t("Words")}
            </th>
            <th scope="col" className="num">
              <abbr title={t("LongBench-Write length score, 0–100")}>S_l</abbr>
            </th>
            <th scope="col">{t("Finish reason")}</th>
            <th scope="col">{t("Flags")}</th>
            <th scope="col">{t("Excerpt")}</th>
          </tr>
        </thead>
        <tbody>
          {samples.map((s) => (
            <tr key={s.id}>
              <td className="nowrap">
                <Link to={`/samples/${s.id}`} className="strong-link">
                  {t("Sample {{n}}", { n: sampleNumber(s) })}
                </Link>
              </td>
              <td>
                <StatusBadge status={s.status} />
              </td>
              <td className="num">
                <WordCount words={s.word_count} required={required} lang={s.lang} />
              </td>
              <td className="num">
                <LengthScore words={s.status === "done" ? s.word_count : null} required={required} />
              </td>
              <td>{s.finish_reason ? <code>{s.finish_reason}</code> : <span className="muted">—</span>}</td>
              <td>
                <SampleFlags flags={s.flags} />
              </td>
              <td className="excerpt-cell">
                {s.text ? <span className="clamp">{excerpt(s.text, 220)}</span> : <span className="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
