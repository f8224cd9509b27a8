import { useState } from "react";
import type { CampaignDashboard } from "../../../../shared/schemas/campaigns";
import { StandingResponseSchema } from "../../../../shared/schemas/gold";
import { api } from "../../common/api";
import { formatPercent } from "../../common/campaign-format";
import { t } from "../../common/i18n";
import "./annotator-gold.css";

type Annotator = CampaignDashboard["annotators"][number];

/** Gold accuracy with its Wilson 95% interval (docs/decisions/039-gold-pairs.md). */
export function GoldAccuracyCell({ annotator }: { annotator: Annotator }) {
  const g = annotator.gold;
  if (g.accuracy === null || g.ci_low === null || g.ci_high === null) return <td className="num muted">—</td>;
  return (
    <td className="num nowrap" data-testid="annotator-gold">
      {formatPercent(g.accuracy)}{" "}
      <span className="muted annotator-gold-interval">
        {t("{{correct}}/{{judgments}}, 95% CI {{low}}–{{high}}", {
          correct: g.correct,
          judgments: g.judgments,
          low: formatPercent(g.ci_low),
          high: formatPercent(g.ci_high),
        })}
      </span>
    </td>
  );
}

/** The annotator's standing and the buttons that change it; each change asks why and is logged. */
export function StandingCell({ campaignId, annotator, onChanged }: { campaignId: number; annotator: Annotator; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actions = (["flag", "exclude", "clear"] as const).filter((a) =>
    a === "clear" ? annotator.standing !== null : annotator.standing !== (a === "flag" ? "flagged" : "excluded"),
  );
  async function change(action: (typeof actions)[number]) {
    const reason = window.prompt(t("Why? (kept in the campaign's log)"))?.trim();
    if (!reason) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/campaigns/${campaignId}/standing`, {
        method: "POST",
        body: { user_id: annotator.user_id, action, reason },
        schema: StandingResponseSchema,
      });
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <td className="nowrap annotator-standing" data-testid="annotator-standing">
      {annotator.standing === "flagged" && <span className="tag tag-warn">{t("flagged")}</span>}
      {annotator.standing === "excluded" && (
        <span className="tag tag-warn" title={t("Left out of this campaign's statistics and exports")}>
          {t("excluded")}
        </span>
      )}
      {actions.map((a) => (
        <button key={a} type="button" className="button button-small" disabled={busy} onClick={() => void change(a)}>
          {a === "flag" ? t("Flag") : a === "exclude" ? t("Exclude") : t("Clear")}
        </button>
      ))}
      {error && <span className="error">{error}</span>}
    </td>
  );
}
