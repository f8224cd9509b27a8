import { t } from "../../common/i18n";
import { Link } from "react-router";
import type { Instruction } from "../../../../shared/schemas/instruction";
import type { Sample } from "../../../../shared/schemas/sample";
import { formatDateTime, formatNumber } from "../../common/format";
import { latencyOf, SampleFlags, WordCount } from "../../common/components/sample-facts";
import { StatusBadge } from "../../common/components/status-badge";

const dash = <span className="muted">—</span>;
const sourceNames = (): Record<Sample["source"], string> => ({ sampled: t("sampled"), imported: t("imported"), demo: t("demo") });

/** The facts about a sample, beside its text. */
export function SampleDetails({ sample, instruction }: { sample: Sample; instruction: Instruction | undefined }) {
  const tokens = (n: number | null) => (n === null ? dash : formatNumber(n));
  return (
    <dl className="details">
      <dt>{t("Model")}</dt>
      <dd>
        {sample.model_name}
        {sample.is_reference && <span className="badge badge-accent">{t("reference")}</span>}
      </dd>
      <dt>{t("Instruction")}</dt>
      <dd>
        <Link to={`/instructions/${sample.instruction_id}`}>
          {instruction ? <span className="mono">{instruction.external_id}</span> : t("Instruction {{id}}", { id: sample.instruction_id })}
        </Link>
      </dd>
      <dt>{t("Status")}</dt>
      <dd>
        <StatusBadge status={sample.status} />
      </dd>
      <dt>{t("Words")}</dt>
      <dd>
        <WordCount words={sample.word_count} required={instruction?.required_length} lang={sample.lang} />
      </dd>
      <dt>{t("Flags")}</dt>
      <dd>
        <SampleFlags flags={sample.flags} />
      </dd>
      <dt>{t("Finish reason")}</dt>
      <dd>{sample.finish_reason ? <code>{sample.finish_reason}</code> : dash}</dd>
      <dt>{t("Tokens")}</dt>
      <dd>
        {sample.prompt_tokens === null && sample.completion_tokens === null ? (
          dash
        ) : (
          <>
            {tokens(sample.prompt_tokens)} {t("prompt")} · {tokens(sample.completion_tokens)} {t("completion")}
          </>
        )}
      </dd>
      <dt>{t("Latency")}</dt>
      <dd>{latencyOf(sample)}</dd>
      <dt>{t("Attempts")}</dt>
      <dd>{sample.attempts}</dd>
      <dt>{t("Last error")}</dt>
      <dd className={sample.last_error ? "error-text" : undefined}>{sample.last_error ?? dash}</dd>
      <dt>{t("Job")}</dt>
      <dd>
        <Link to={`/sampling/jobs/${sample.job_id}`}>#{sample.job_id}</Link>
        <span className="muted"> · {sourceNames()[sample.source]}</span>
      </dd>
      <dt>{sample.finished_at ? t("Finished") : t("Updated")}</dt>
      <dd>{formatDateTime(sample.finished_at ?? sample.updated_at)}</dd>
    </dl>
  );
}
