import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import type { z } from "zod";
import {
  CampaignResponseSchema,
  type Campaign,
  type CampaignPreviewBody,
  type CreateCampaignBody,
} from "../../../../shared/schemas/campaigns";
import { JudgeConfirmResponseSchema, type JudgeIdentity } from "../../../../shared/schemas/pair-judging";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { CampaignPreviewSchema } from "../../../../shared/schemas/preview";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { countOf, formatNumber } from "../../common/format";
import { usePreview } from "../../common/hooks/use-preview";
import { t } from "../../common/i18n";

type Confirmation = z.infer<typeof JudgeConfirmResponseSchema>;

// The campaign's default statuses (proposed, accepted): a judge-confirmed proposal has neither, so the
// campaign covers exactly the proposals the judge did not confirm and no human has decided.
const restStatuses = ["proposed", "accepted"] as const;

interface Props {
  runs: PairRun[];
  judges: JudgeIdentity[];
  /** The run chosen first (a link's `?run=`), else the newest. */
  initialRunId?: string;
}

/** A judge confirms the pair run's proposals it agrees with in both orders; annotators verify the rest. */
export function JudgeConfirm({ runs, judges, initialRunId }: Props) {
  const id = useId();
  const [runId, setRunId] = useState(initialRunId ?? (runs[0] ? String(runs[0].id) : ""));
  const [judge, setJudge] = useState(judges[0]?.identity ?? "");
  const [result, setResult] = useState<{ run: PairRun; counts: Confirmation } | undefined>();
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);

  const run = runs.find((r) => String(r.id) === runId) ?? runs[0];
  const identity = judges.find((j) => j.identity === judge) ?? judges[0];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!run || !identity) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const counts = await api(`/api/pair-runs/${run.id}/judge-confirm`, {
        method: "POST",
        body: { judge_model_id: identity.judge_model_id, template_id: identity.template_id },
        schema: JudgeConfirmResponseSchema,
      });
      setResult({ run, counts });
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="panel judges-confirm">
      <h2 id={`${id}-heading`}>{t("Confirm pairs")}</h2>
      <p className="hint">
        {t(
          "A proposal is judge-confirmed when the judge, in both orders, prefers its chosen response. Judge-confirmed is kept apart from human confirmation; annotators then verify only the rest.",
        )}
      </p>
      {runs.length === 0 || judges.length === 0 ? (
        <p className="muted">
          {runs.length === 0 ? t("No pair runs yet.") : t("No judge has judged any pairs yet: start a pairwise judge job first.")}
        </p>
      ) : (
        <form onSubmit={onSubmit}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-run`}>{t("Pair run")}</label>
              <select id={`${id}-run`} value={run ? String(run.id) : ""} onChange={(e) => setRunId(e.target.value)}>
                {runs.map((r) => (
                  <option key={r.id} value={String(r.id)}>
                    #{r.id} · {r.set_name} · {t("{{count}} proposals", { count: formatNumber(r.proposals) })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-judge`}>{t("Judge")}</label>
              <select id={`${id}-judge`} value={identity?.identity ?? ""} onChange={(e) => setJudge(e.target.value)}>
                {judges.map((j) => (
                  <option key={j.identity} value={j.identity}>
                    {j.identity}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <ErrorAlert error={error} title={t("Could not confirm:")} />
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {t("Confirm pairs")}
            </button>
          </div>
        </form>
      )}
      {result && <ConfirmResult run={result.run} counts={result.counts} />}
    </section>
  );
}

function ConfirmResult({ run, counts }: { run: PairRun; counts: Confirmation }) {
  return (
    <div className="judges-confirm-result">
      <div role="status">
        <dl className="judges-figures" data-testid="confirm-counts">
          <div>
            <dt>{t("Confirmed")}</dt>
            <dd data-testid="confirm-confirmed">{formatNumber(counts.confirmed)}</dd>
          </div>
          <div>
            <dt>{t("Not confirmed")}</dt>
            <dd data-testid="confirm-not-confirmed">{formatNumber(counts.not_confirmed)}</dd>
          </div>
          <div>
            <dt>{t("Unjudged")}</dt>
            <dd data-testid="confirm-unjudged">{formatNumber(counts.unjudged)}</dd>
          </div>
        </dl>
      </div>
      <p>
        <Link to={`/pairs/runs/${run.id}`}>{t("Open pair run #{{id}}", { id: run.id })}</Link>
      </p>
      <VerifyRest run={run} />
    </div>
  );
}

/** Creates a verify-pairs campaign over the run's proposals the judge left to people. */
function VerifyRest({ run }: { run: PairRun }) {
  const id = useId();
  const [name, setName] = useState(() => t("Verify pair run #{{id}} (rest)", { id: run.id }));
  const [created, setCreated] = useState<Campaign | undefined>();
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);
  const source = { kind: "verify-pairs" as const, pair_run_id: run.id, statuses: [...restStatuses] };
  const previewBody: CampaignPreviewBody = { set_id: run.set_id, source, filter: {} };
  const preview = usePreview("/api/campaigns/preview", created ? null : previewBody, CampaignPreviewSchema);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: CreateCampaignBody = { name, set_id: run.set_id, source };
      const { campaign } = await api("/api/campaigns", { method: "POST", body, schema: CampaignResponseSchema });
      setCreated(campaign);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <p className="notice" role="status" data-testid="verify-rest-created">
        {t("Created", { context: "notice" })} <Link to={`/campaigns/${created.id}`}>{created.name}</Link>
        {t(" with {{comparisons}}.", { comparisons: countOf(created.comparisons, "comparison") })}
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} aria-labelledby={`${id}-heading`} className="judges-verify-rest">
      <h3 id={`${id}-heading`}>{t("Verify the rest with annotators")}</h3>
      <p className="hint">
        {t("A verify-pairs campaign over the run's proposed and accepted proposals: the judge-confirmed ones are left out.")}
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t("Campaign name")}</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
      </div>
      <ErrorAlert error={error} />
      {error?.status === 409 && <p className="hint">{t("Campaign names are unique: “{{name}}” is taken, choose another.", { name })}</p>}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || preview.data?.comparisons === 0}>
          {t("Verify the rest with annotators")}
        </button>
        <span className="muted" aria-live="polite" data-testid="verify-rest-preview">
          {preview.data &&
            t("{{comparisons}} to verify, {{judgments}} judgments wanted.", {
              comparisons: countOf(preview.data.comparisons, "comparison"),
              judgments: formatNumber(preview.data.judgments),
            })}
          {preview.error?.message}
        </span>
      </div>
    </form>
  );
}
