import type { PositionBias } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";
import { percent, pPhrase, pValue } from "./analytics-values";

const significance = 0.05;

/** The finding in plain words. */
function reading(bias: PositionBias): string {
  const { decided, left_wins: left, left_win_rate: rate, p_value: p } = bias;
  if (decided === 0 || rate === null || p === null) return "No judgment with a winner yet: nothing to say about positions.";
  const side = rate > 0.5 ? "left" : "right";
  const won = `The left side won ${formatNumber(left)} of ${formatNumber(decided)} decided judgments (${percent(rate)})`;
  if (p < significance) {
    return `${won}, more lopsided than chance makes it when position does not matter (${pPhrase(p)}): the annotators seem to favour the ${side} side. Sides are shown in random order, so this blurs the verdicts rather than favouring a model; a line in the guidelines may help.`;
  }
  return `${won}, within what chance gives when position does not matter (${pPhrase(p)}): no sign of a position preference${decided < 30 ? ", though with this few judgments only a strong one would show" : ""}.`;
}

/** Position bias over all annotators: the share of decided judgments won by the left side, tested against ½. */
export function AnalyticsPositionBias({ bias }: { bias: PositionBias }) {
  return (
    <section aria-labelledby="analytics-position-heading">
      <h2 id="analytics-position-heading">Position bias</h2>
      <dl className="analytics-figures" data-testid="position-bias">
        <div>
          <dt>Decided judgments</dt>
          <dd>{formatNumber(bias.decided)}</dd>
        </div>
        <div>
          <dt>Won by the left side</dt>
          <dd data-testid="left-win-rate">
            {percent(bias.left_win_rate)} <span className="muted">({formatNumber(bias.left_wins)})</span>
          </dd>
        </div>
        <div title="Two-sided exact binomial test against ½">
          <dt>p-value</dt>
          <dd data-testid="position-p-value">{pValue(bias.p_value)}</dd>
        </div>
      </dl>
      <p className="analytics-reading">{reading(bias)}</p>
      <p className="hint">Ties and “both bad” are left out; the test is the two-sided exact binomial test against ½.</p>
    </section>
  );
}
