import type { JudgeIdentity } from "../../../../shared/schemas/pair-judging";
import { formatNumber } from "../../common/format";
import { t } from "../../common/i18n";

interface Props {
  judges: JudgeIdentity[];
  /** The identity whose calibration is shown, if any. */
  shown: string | undefined;
  onShow: (judge: JudgeIdentity) => void;
}

/** Every judge identity (a judge model with a pairwise template) and how much it has judged. */
export function JudgesTable({ judges, shown, onShow }: Props) {
  return (
    <div className="table-wrap">
      <table className="table table-compact judges-table">
        <thead>
          <tr>
            <th scope="col">{t("Judge")}</th>
            <th scope="col">{t("Judge model")}</th>
            <th scope="col">{t("Template")}</th>
            <th scope="col" className="num">
              {t("Jobs")}
            </th>
            <th scope="col" className="num" title={t("Pairs with both orders answered, over all its jobs")}>
              {t("Pairs judged")}
            </th>
            <th scope="col" className="num">
              {t("Campaigns")}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t("Actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {judges.map((j) => (
            <tr key={j.identity} aria-current={shown === j.identity ? "true" : undefined}>
              <th scope="row" className="mono">
                {j.identity}
              </th>
              <td>{j.judge_model_name}</td>
              <td>{j.template_name}</td>
              <td className="num">{formatNumber(j.jobs)}</td>
              <td className="num">{formatNumber(j.pairs_judged)}</td>
              <td className="num">{formatNumber(j.campaign_ids.length)}</td>
              <td className="actions-cell">
                <button type="button" className="button-small" aria-pressed={shown === j.identity} onClick={() => onShow(j)}>
                  {t("Calibration")}
                  <span className="visually-hidden"> {t("of {{name}}", { name: j.identity })}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
