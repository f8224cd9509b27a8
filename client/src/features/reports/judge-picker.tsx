import { t } from "../../common/i18n";
import type { ReportJudge, ReportJudgeOption } from "../../../../shared/schemas/report";
import { formatNumber } from "../../common/format";

/** The picker's value for a judge: judge scores are kept per judge model and template, so both. */
export const judgeKey = (j: Pick<ReportJudge, "judge_model_id" | "template_id">) => `${j.judge_model_id}:${j.template_id}`;

export function parseJudgeKey(key: string): { judge_model: string; template: string } | null {
  const [judgeModel, template] = key.split(":");
  return judgeModel && template ? { judge_model: judgeModel, template } : null;
}

const judgeName = (j: ReportJudge) => `${j.judge_model_name} · ${j.template_name}`;

interface Props {
  judge: ReportJudge | null;
  judges: ReportJudgeOption[];
  onChange: (key: string) => void;
}

/** Which judge's scores the report shows: every judge model and template that scored this set. */
export function JudgePicker({ judge, judges, onChange }: Props) {
  const listed = judge !== null && judges.some((j) => judgeKey(j) === judgeKey(judge));
  return (
    <div className="field judge-field">
      <label htmlFor="report-judge">{t("Judge")}</label>
      <select
        id="report-judge"
        value={judge ? judgeKey(judge) : ""}
        onChange={(e) => onChange(e.target.value)}
        disabled={judges.length === 0 && judge === null}
      >
        {judge === null && <option value="">{t("No judge scores yet")}</option>}
        {judge !== null && !listed && <option value={judgeKey(judge)}>{t("{{judge}} (no judgments)", { judge: judgeName(judge) })}</option>}
        {judges.map((j) => (
          <option key={judgeKey(j)} value={judgeKey(j)}>
            {j.judge_failed > 0
              ? t("{{judge}} ({{judged}} judged, {{failed}} failed)", {
                  judge: judgeName(j),
                  judged: formatNumber(j.judged),
                  failed: formatNumber(j.judge_failed),
                })
              : t("{{judge}} ({{judged}} judged)", { judge: judgeName(j), judged: formatNumber(j.judged) })}
          </option>
        ))}
      </select>
    </div>
  );
}
