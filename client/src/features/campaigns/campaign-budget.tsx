import { useState } from "react";
import { BudgetPlanSchema } from "../../../../shared/schemas/budget-plan";
import type { CampaignPreviewBody } from "../../../../shared/schemas/campaigns";
import { CampaignPreviewSchema } from "../../../../shared/schemas/preview";
import { formatNumber } from "../../common/format";
import { usePreview } from "../../common/hooks/use-preview";
import { t } from "../../common/i18n";
import "../../common/components/forms.css";

const share = (text: string) => {
  const value = Number(text);
  return text.trim() !== "" && value > 0 && value < 1 ? value : undefined;
};

interface Props {
  id: string;
  /** The form's k; undefined while the field is blank (the server's default, 3, then applies). */
  k: number | undefined;
  /** The campaign preview's body (null until the form names what to compare), for its comparisons. */
  previewBody: CampaignPreviewBody | null;
}

/**
 * The budget planner beside the campaign form (decision 040): for the form's k, an expected win rate and a
 * target interval width the researcher types, the comparisons and judgments needed, against the
 * comparisons this campaign will have. A campaign compares one model with another: one model.
 */
export function CampaignBudget({ id, k: formK, previewBody }: Props) {
  const [winRate, setWinRate] = useState("0.5");
  const [width, setWidth] = useState("0.1");
  const k = formK ?? 3;
  const rate = share(winRate);
  const target = share(width);
  const planBody =
    rate !== undefined && target !== undefined && Number.isInteger(k) && k >= 1 && k <= 20
      ? { models: 1, k, win_rate: rate, target_ci: target }
      : null;
  const plan = usePreview("/api/campaigns/plan", planBody, BudgetPlanSchema);
  const campaign = usePreview("/api/campaigns/preview", previewBody, CampaignPreviewSchema).data;
  const vars = plan.data &&
    planBody && {
      comparisons: formatNumber(plan.data.comparisons),
      judgments: formatNumber(plan.data.judgments),
      k,
      width: planBody.target_ci,
      rate: planBody.win_rate,
      kappa: plan.data.assumptions.kappa,
    };
  return (
    <fieldset className="form-fieldset">
      <legend>{t("Budget (optional)")}</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-budget-rate`}>{t("Expected win rate")}</label>
          <input
            id={`${id}-budget-rate`}
            type="number"
            min={0.01}
            max={0.99}
            step={0.01}
            aria-describedby={`${id}-budget-hint`}
            value={winRate}
            onChange={(e) => setWinRate(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-budget-width`}>{t("Target 95% interval width")}</label>
          <input
            id={`${id}-budget-width`}
            type="number"
            min={0.01}
            max={0.99}
            step={0.01}
            aria-describedby={`${id}-budget-hint`}
            value={width}
            onChange={(e) => setWidth(e.target.value)}
          />
        </div>
      </div>
      <p id={`${id}-budget-hint`} className="hint">
        {t("Both between 0 and 1: a width of 0.1 is ±5 points around the win rate.")}
      </p>
      <p aria-live="polite" data-testid="campaign-budget">
        {(rate === undefined || target === undefined) && (
          <span className="will-create-problem">{t("Give a win rate and a width between 0 and 1.")}</span>
        )}
        {plan.error && <span className="will-create-problem">{plan.error.message}</span>}
        {vars && (
          <>
            <span className="will-create">{t("Needed: {{comparisons}} comparisons, {{judgments}} judgments at k = {{k}}.", vars)}</span>{" "}
            {campaign &&
              (campaign.comparisons >= plan.data!.comparisons ? (
                <span>{t("This campaign will have {{count}} comparisons: enough.", { count: formatNumber(campaign.comparisons) })}</span>
              ) : (
                <span className="will-create-problem">
                  {t("This campaign will have {{count}} comparisons: {{missing}} too few for this width.", {
                    count: formatNumber(campaign.comparisons),
                    missing: formatNumber(plan.data!.comparisons - campaign.comparisons),
                  })}
                </span>
              ))}
            <br />
            <span className="hint">
              {t(
                "Simulated with the statistics' own bootstrap over instructions, for an average interval no wider than {{width}} at a win rate of {{rate}}, annotators agreeing beyond chance at κ = {{kappa}}.",
                vars,
              )}
            </span>
          </>
        )}
      </p>
    </fieldset>
  );
}
