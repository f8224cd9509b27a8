import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import {
  HistoryDetailSchema,
  ReviseJudgmentResponseSchema,
  type HistoryDetail,
  type HistoryJudgment,
} from "../../../../shared/schemas/annotator-history";
import type { Verdict } from "../../../../shared/schemas/campaigns";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { formatDateTime } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";
import { AnnotateInstruction } from "./annotate-instruction";
import { AnnotatePane } from "./annotate-pane";
import { verdictAllowed } from "./annotate-verdicts";
import { marginLabel, verdictLabel } from "./history-verdict";
import "./history.css";

const noScrollSync = () => {};

/** One of the annotator's judgments with both answers where they were, to look at again and, while open, change. */
export function AnnotateRevisePage() {
  const { campaignId = "", judgmentId = "" } = useParams();
  const { data, error, reload } = useApiData(`/api/annotate/judgments/${encodeURIComponent(judgmentId)}`, HistoryDetailSchema);
  const back = `/annotate/${encodeURIComponent(campaignId)}/history`;
  if (!data) {
    return (
      <section>
        <PageTitle title={t("Your judgment")} />
        <p className="breadcrumb">
          <Link to={back}>{t("Your judgments")}</Link>
        </p>
        {error ? <ErrorAlert error={error} title={t("Could not load this judgment:")} /> : <p className="muted">{t("Loading…")}</p>}
      </section>
    );
  }
  return <ReviseScreen key={data.judgment.id} detail={data} back={back} onSaved={reload} />;
}

function ReviseScreen({ detail, back, onSaved }: { detail: HistoryDetail; back: string; onSaved: () => void }) {
  const { campaign, judgment, instruction } = detail;
  const lang = instruction.lang === "other" ? undefined : instruction.lang;
  return (
    <article className="annotate-revise">
      <PageTitle title={`${t("Your judgment")} · ${campaign.title}`} />
      <p className="breadcrumb">
        <Link to={back}>{t("Your judgments")}</Link> · {campaign.title}
      </p>
      <h1>{t("Your judgment")}</h1>
      <p className="muted">
        {t("Judged {{when}}: {{verdict}}", { when: formatDateTime(judgment.judged_at), verdict: verdictLabel(judgment.verdict) })}
        {judgment.revisions > 0 &&
          ` · ${t("changed {{count}}×, last {{when}}", { count: judgment.revisions, when: formatDateTime(judgment.changed_at ?? judgment.judged_at) })}`}
      </p>
      <AnnotateInstruction instruction={instruction} />
      <div className="annotate-sides history-sides">
        {(["left", "right"] as const).map((side) => (
          <AnnotatePane
            key={side}
            side={side}
            data={detail[side]}
            requiredLength={instruction.required_length}
            lang={lang}
            raw={false}
            initialCoverage={1}
            onScrollFraction={noScrollSync}
          />
        ))}
      </div>
      {campaign.status === "open" ? (
        <ReviseForm detail={detail} onSaved={onSaved} />
      ) : (
        <p className="notice" role="status">
          {t("This campaign is closed: you can read your judgments but no longer change them.")}
        </p>
      )}
    </article>
  );
}

const verdictOrder: Verdict[] = ["left", "tie", "right", "both-bad"];

function ReviseForm({ detail, onSaved }: { detail: HistoryDetail; onSaved: () => void }) {
  const { settings } = detail.campaign;
  const [verdict, setVerdict] = useState<Verdict>(detail.judgment.verdict);
  const [margin, setMargin] = useState<"slightly" | "much" | null>(detail.judgment.margin);
  const [rationale, setRationale] = useState(detail.judgment.rationale);
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [saved, setSaved] = useState<HistoryJudgment | undefined>();
  const [busy, setBusy] = useState(false);
  const winner = verdict === "left" || verdict === "right";
  const missing =
    settings.ask_margin && winner && margin === null
      ? t("Say how much better.")
      : settings.rationale === "required" && rationale.trim() === ""
        ? t("This campaign asks for a rationale.")
        : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (missing) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const body = {
        verdict,
        margin: settings.ask_margin && winner ? margin : null,
        rationale: settings.rationale === "off" ? "" : rationale.trim(),
      };
      const answer = await api(`/api/annotate/judgments/${detail.judgment.id}/revise`, {
        method: "POST",
        body,
        schema: ReviseJudgmentResponseSchema,
      });
      setSaved(answer.judgment);
      onSaved();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel history-revise-form" onSubmit={onSubmit} aria-label={t("Change your judgment")}>
      <fieldset>
        <legend>{t("Your verdict")}</legend>
        <div className="history-choices">
          {verdictOrder
            .filter((v) => verdictAllowed(settings, v))
            .map((v) => (
              <label key={v} className="checkbox-field">
                <input type="radio" name="verdict" value={v} checked={verdict === v} onChange={() => setVerdict(v)} />
                <span>{verdictLabel(v)}</span>
              </label>
            ))}
        </div>
      </fieldset>
      {settings.ask_margin && winner && (
        <fieldset>
          <legend>{t("How much better")}</legend>
          <div className="history-choices">
            {(["slightly", "much"] as const).map((m) => (
              <label key={m} className="checkbox-field">
                <input type="radio" name="margin" value={m} checked={margin === m} onChange={() => setMargin(m)} />
                <span>{marginLabel(m)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {settings.rationale !== "off" && (
        <div className="field">
          <label htmlFor="history-rationale">{settings.rationale === "required" ? t("Rationale") : t("Rationale (optional)")}</label>
          <textarea id="history-rationale" rows={3} maxLength={10_000} value={rationale} onChange={(e) => setRationale(e.target.value)} />
        </div>
      )}
      <ErrorAlert error={error} title={t("Could not change your judgment:")} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || missing !== null}>
          {t("Save the change")}
        </button>
        <span className="muted" aria-live="polite">
          {missing ?? (saved ? t("Saved: {{verdict}}. The earlier version is kept.", { verdict: verdictLabel(saved.verdict) }) : "")}
        </span>
      </div>
    </form>
  );
}
