import { useId, useState } from "react";
import {
  calibrationKappaTolerance,
  JudgeCalibrationSchema,
  type JudgeCalibration as Calibration,
} from "../../../../shared/schemas/pair-judging";
import { withQuery } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";
import { coefficient, percent } from "./judges-format";

/** The plain verdict: the judge against the humans, said the way a researcher would. */
export const verdictText: Record<Calibration["verdict"], () => string> = {
  "as-well-as-humans": () => t("Agrees with your annotators about as well as they agree with each other"),
  "worse-than-humans": () => t("Agrees with your annotators less than they agree with each other"),
  "not-enough-data": () => t("Not enough comparisons judged by both yet"),
};

const strengthLabels: Record<Calibration["by_strength"][number]["strength"], () => string> = {
  tie: () => t("tie (A=B)"),
  better: () => t("better (A>B)"),
  "much better": () => t("much better (A>>B)"),
};

interface Props {
  judgeModelId: number;
  templateId: number;
  /** The campaigns the judge judged, by id with their names where known. */
  campaigns: { id: number; name: string | undefined }[];
}

/** One judge held against the humans on the comparisons both judged: over every campaign it judged, or one. */
export function JudgeCalibration({ judgeModelId, templateId, campaigns }: Props) {
  const id = useId();
  const [campaign, setCampaign] = useState("");
  const { data, error, loading } = useApiData(
    withQuery("/api/judges/calibration", {
      judge_model_id: judgeModelId,
      template_id: templateId,
      campaigns: campaign || undefined,
    }),
    JudgeCalibrationSchema,
  );
  return (
    <section aria-labelledby={`${id}-heading`} className="panel judges-calibration" aria-busy={loading}>
      <h2 id={`${id}-heading`}>{data ? t("Calibration of {{identity}}", { identity: data.identity }) : t("Calibration")}</h2>
      {campaigns.length > 1 && (
        <div className="field-inline judges-calibration-scope">
          <label htmlFor={`${id}-campaign`}>{t("Campaigns")}</label>
          <select id={`${id}-campaign`} value={campaign} onChange={(e) => setCampaign(e.target.value)}>
            <option value="">{t("Every campaign it judged")}</option>
            {campaigns.map((c) => (
              <option key={c.id} value={String(c.id)}>
                #{c.id}
                {c.name ? ` · ${c.name}` : ""}
              </option>
            ))}
          </select>
        </div>
      )}
      <ErrorAlert error={error} />
      {!data && loading && <p className="muted">{t("Loading…")}</p>}
      {data && <CalibrationFigures data={data} />}
    </section>
  );
}

function CalibrationFigures({ data }: { data: Calibration }) {
  const id = useId();
  const humans = data.humans_with_each_other;
  const agreement = data.human_agreement;
  return (
    <>
      <p className={`judges-verdict judges-verdict-${data.verdict}`} data-testid="calibration-verdict">
        {verdictText[data.verdict]()}
      </p>
      <dl className="judges-figures" data-testid="calibration-figures">
        <div>
          <dt>{t("Pairs judged")}</dt>
          <dd data-testid="calibration-pairs">{formatNumber(data.pairs_judged)}</dd>
        </div>
        <div title={t("Share of judged pairs whose two orders point different ways")}>
          <dt>{t("Flip rate on swap")}</dt>
          <dd data-testid="calibration-flip">{percent(data.flip_rate)}</dd>
        </div>
        <div title={t("Share of decisive answers that chose the response shown first; 50% is no position bias")}>
          <dt>{t("Left-position rate")}</dt>
          <dd data-testid="calibration-left">{percent(data.left_rate)}</dd>
        </div>
        <div title={t("Among decisive verdicts on pairs of different lengths")}>
          <dt>{t("Picks the longer answer")}</dt>
          <dd data-testid="calibration-longer">
            {t("judge {{judge}}", { judge: percent(data.longer_rate.judge) })}{" "}
            <span className="muted">({formatNumber(data.longer_rate.judge_pairs)})</span> ·{" "}
            {t("humans {{humans}}", { humans: percent(data.longer_rate.humans) })}{" "}
            <span className="muted">({formatNumber(data.longer_rate.human_judgments)})</span>
          </dd>
        </div>
      </dl>
      <div className="table-wrap">
        <table className="table table-compact judges-agreement" aria-labelledby={`${id}-agreement`}>
          <caption id={`${id}-agreement`}>{t("Agreement with the human majority")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("Who")}</th>
              <th scope="col" className="num">
                n
              </th>
              <th scope="col" className="num">
                {t("Agreement")}
              </th>
              <th scope="col" className="num">
                κ
              </th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="calibration-judge-row">
              <th scope="row">{t("The judge")}</th>
              <td className="num">{formatNumber(agreement?.comparisons ?? 0)}</td>
              <td className="num">{percent(agreement?.agreement)}</td>
              <td className="num">{coefficient(agreement?.kappa)}</td>
            </tr>
            <tr data-testid="calibration-humans-row">
              <th scope="row">{t("The annotators with each other")}</th>
              <td className="num">{formatNumber(humans?.judgments ?? 0)}</td>
              <td className="num">{percent(humans?.agreement)}</td>
              <td className="num">{coefficient(humans?.kappa)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table className="table table-compact judges-strength" aria-labelledby={`${id}-strength`}>
          <caption id={`${id}-strength`}>{t("Accuracy by stated strength")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("The judge said")}</th>
              <th scope="col" className="num">
                {t("Comparisons")}
              </th>
              <th scope="col" className="num">
                {t("Agrees with the humans")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.by_strength.map((row) => (
              <tr key={row.strength}>
                <th scope="row">{strengthLabels[row.strength]()}</th>
                <td className="num">{formatNumber(row.comparisons)}</td>
                <td className="num">{percent(row.agreement)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        {t(
          "On comparisons that humans also judged, with a human majority. The annotators' own figure is each annotator against the majority of the others; within {{tolerance}} of their κ counts as about as well.",
          { tolerance: calibrationKappaTolerance },
        )}
      </p>
    </>
  );
}
