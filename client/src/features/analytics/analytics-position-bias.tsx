import { t } from "../../common/i18n";
import type { PositionBias } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";
import { percent, pPhrase, pValue } from "./analytics-values";

const significance = 0.05;

/** The finding in plain words. */
function reading(bias: PositionBias): string {
  const { decided, left_wins: left, left_win_rate: rate, p_value: p } = bias;
  if (decided === 0 || rate === null || p === null) return t("No judgment with a winner yet: nothing to say about positions.");
  const facts = { left: formatNumber(left), decided: formatNumber(decided), rate: percent(rate), p: pPhrase(p) };
  if (p < significance) {
    return rate > 0.5
      ? t(
          "The left side won {{left}} of {{decided}} decided judgments ({{rate}}), more lopsided than chance makes it when position does not matter ({{p}}): the annotators seem to favour the left side. Sides are shown in random order, so this blurs the verdicts rather than favouring a model; a line in the guidelines may help.",
          facts,
        )
      : t(
          "The left side won {{left}} of {{decided}} decided judgments ({{rate}}), more lopsided than chance makes it when position does not matter ({{p}}): the annotators seem to favour the right side. Sides are shown in random order, so this blurs the verdicts rather than favouring a model; a line in the guidelines may help.",
          facts,
        );
  }
  return decided < 30
    ? t(
        "The left side won {{left}} of {{decided}} decided judgments ({{rate}}), within what chance gives when position does not matter ({{p}}): no sign of a position preference, though with this few judgments only a strong one would show.",
        facts,
      )
    : t(
        "The left side won {{left}} of {{decided}} decided judgments ({{rate}}), within what chance gives when position does not matter ({{p}}): no sign of a position preference.",
        facts,
      );
}

/** Position bias over all annotators: the share of decided judgments won by the left side, tested against ½. */
export function AnalyticsPositionBias({ bias }: { bias: PositionBias }) {
  return (
    <section aria-labelledby="analytics-position-heading">
      <h2 id="analytics-position-heading">{t("Position bias")}</h2>
      <dl className="analytics-figures" data-testid="position-bias">
        <div>
          <dt>{t("Decided judgments")}</dt>
          <dd>{formatNumber(bias.decided)}</dd>
        </div>
        <div>
          <dt>{t("Won by the left side")}</dt>
          <dd data-testid="left-win-rate">
            {percent(bias.left_win_rate)} <span className="muted">({formatNumber(bias.left_wins)})</span>
          </dd>
        </div>
        <div title={t("Two-sided exact binomial test against ½")}>
          <dt>{t("p-value")}</dt>
          <dd data-testid="position-p-value">{pValue(bias.p_value)}</dd>
        </div>
      </dl>
      <p className="analytics-reading">{reading(bias)}</p>
      <p className="hint">{t("Ties and “both bad” are left out; the test is the two-sided exact binomial test against ½.")}</p>
    </section>
  );
}
