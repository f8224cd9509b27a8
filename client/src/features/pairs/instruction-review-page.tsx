import { t } from "../../common/i18n";
import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import {
  InstructionReviewSchema,
  ProposalResponseSchema,
  type InstructionReview,
  type PairProposal,
} from "../../../../shared/schemas/pairs";
import { api, asApiError, withQuery, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { PagePending } from "../../common/components/page-pending";
import { PageTitle } from "../../common/components/page-title";
import { ProposalSideView } from "./proposal-side";
import { proposalPanelId, proposalTabId, ProposalTabs } from "./proposal-tabs";
import { canReset, canReview, ReviewActions } from "./review-actions";
import { proposalStatusNames } from "./proposal-status";
import { ReviewHeader } from "./review-header";
import { sampleNumber } from "../../common/components/sample-facts";
import { ScoredSamplesTable } from "./scored-samples-table";
import { formatMargin } from "../../common/components/scores";
import { useReviewKeys, type ReviewCommand } from "./hooks/use-review-keys";
import { useApiData } from "../../common/hooks/use-api-data";

const advanceKey = "longpref.review.advance";
const readAdvance = () => {
  try {
    return window.localStorage.getItem(advanceKey) !== "off";
  } catch {
    return true;
  }
};

export function InstructionReviewPage() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const runParam = params.get("run") ?? undefined;
  const path = withQuery(`/api/instructions/${encodeURIComponent(id)}/review`, {
    run: runParam,
    judge_model: params.get("judge_model") ?? undefined,
    template: params.get("template") ?? undefined,
  });
  const { data, error } = useApiData(path, InstructionReviewSchema);
  // The previous instruction stays on screen, dimmed and inert, while the next one loads.
  const current = data !== undefined && String(data.instruction.id) === id && (runParam === undefined || String(data.run?.id) === runParam);

  // The run in force (the set's newest when none was asked for) goes into the URL, so moving on keeps it.
  const runInForce = current ? data.run?.id : undefined;
  useEffect(() => {
    if (runParam === undefined && runInForce !== undefined) {
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set("run", String(runInForce));
          return next;
        },
        { replace: true },
      );
    }
  }, [runParam, runInForce, setParams]);

  if (!data) {
    return (
      <PagePending
        title={t("Review")}
        error={error}
        back={`/instructions/${encodeURIComponent(id)}`}
        backLabel={t("Back to the instruction")}
      />
    );
  }
  return <ReviewScreen key={`${data.instruction.id}:${data.run?.id ?? ""}`} review={data} stale={!current} loadError={error} />;
}

interface ScreenProps {
  review: InstructionReview;
  /** Another instruction is loading: nothing here may be acted on. */
  stale: boolean;
  loadError: ApiRequestError | undefined;
}

function ReviewScreen({ review, stale, loadError }: ScreenProps) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { instruction, run } = review;
  const [proposals, setProposals] = useState<PairProposal[]>(review.proposals);
  const [advance, setAdvance] = useState(readAdvance);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const selectedParam = Number(params.get("proposal"));
  const selected = proposals.find((p) => p.id === selectedParam) ?? proposals[0];
  const index = selected ? proposals.indexOf(selected) : -1;
  const inert = stale || busy;

  const select = useCallback(
    (proposalId: number) => {
      setNotice(undefined);
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set("proposal", String(proposalId));
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  function goTo(instructionId: number | null) {
    if (instructionId === null || !run) return;
    navigate(`/instructions/${instructionId}/review?run=${run.id}`);
  }

  function moveOn() {
    const next = proposals[index + 1];
    if (next) select(next.id);
    else if (review.next_instruction_id !== null) goTo(review.next_instruction_id);
    else setNotice(t("That was the last instruction with proposals in this run."));
  }

  async function decide(action: "accept" | "reject" | "swap" | "reset") {
    if (!selected || !canReview(selected) || (action === "reset" && !canReset(selected))) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const { proposal } = await api(`/api/pair-proposals/${selected.id}/review`, {
        method: "POST",
        body: { action },
        schema: ProposalResponseSchema,
      });
      setProposals((all) => all.map((p) => (p.id === proposal.id ? proposal : p)));
      if (advance && action !== "reset") moveOn();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  function onCommand(command: ReviewCommand) {
    if (inert) return;
    if (command === "next") goTo(review.next_instruction_id);
    else if (command === "previous") goTo(review.previous_instruction_id);
    else void decide(command);
  }

  function onAdvanceChange(on: boolean) {
    setAdvance(on);
    try {
      window.localStorage.setItem(advanceKey, on ? "on" : "off");
    } catch {
      // Private windows may refuse storage: the setting then lasts for this page only.
    }
  }

  useReviewKeys(
    onCommand,
    (digit) => {
      const target = proposals[digit - 1];
      if (target && !inert) select(target.id);
    },
    !stale,
  );

  const byId = new Map(review.samples.map((s) => [s.sample.id, s]));
  const sampleLabel = (sampleId: number) => {
    const sample = byId.get(sampleId)?.sample;
    return sample ? sampleNumber(sample) : t("sample {{n}}", { n: sampleId });
  };
  return (
    <article className="review" aria-busy={stale}>
      <PageTitle title={t("Review {{id}}", { id: instruction.external_id })} />
      <ErrorAlert error={loadError} title={t("Could not load the instruction:")} />
      <ReviewHeader review={review} setName={review.set_name} position={review.position ?? undefined} onCommand={onCommand} busy={inert} />

      {!run && (
        <p className="quality-note" role="note">
          {t(
            "No pair run for this set yet, so no proposals to review: the samples below show S with the default settings (w = 0.5, empty outputs left out, no flag penalty). Propose pairs on the",
          )}{" "}
          <Link to="/pairs">{t("Pairs page")}</Link>
          {t(".")}
        </p>
      )}
      {run && proposals.length === 0 && (
        <p className="quality-note" role="note">
          {review.next_instruction_id !== null || review.previous_instruction_id !== null
            ? t("Run #{{id}} proposed no pair for this instruction: move on with J or K.", { id: run.id })
            : t("Run #{{id}} proposed no pair for this instruction.", { id: run.id })}
        </p>
      )}

      {selected && (
        <section className="review-proposal" aria-label={t("Proposal")}>
          {proposals.length > 1 && (
            <ProposalTabs proposals={proposals} selectedId={selected.id} onSelect={select} sampleLabel={sampleLabel} />
          )}
          <div className="review-bar">
            <p className="review-single">
              <span className="model-name">{selected.model_name}</span>{" "}
              <span className="muted">
                {t("{{chosen}} over {{rejected}}", {
                  chosen: sampleLabel(selected.chosen.sample_id),
                  rejected: sampleLabel(selected.rejected.sample_id),
                })}{" "}
                · <span title="S(chosen) − S(rejected)">{t("margin {{margin}}", { margin: formatMargin(selected.margin) })}</span>
              </span>
            </p>
            <ReviewActions proposal={selected} busy={inert} onCommand={onCommand} advance={advance} onAdvanceChange={onAdvanceChange} />
          </div>
          <ErrorAlert error={error} />
          {notice && (
            <p role="status" className="notice review-notice">
              {notice} <Link to={`/pairs/runs/${selected.run_id}`}>{t("Back to the run")}</Link>
            </p>
          )}
          {!canReview(selected) && (
            <p className="hint">
              {t("This proposal is {{status}} by annotators: it can no longer be reviewed here.", {
                status: proposalStatusNames()[selected.status],
              })}
            </p>
          )}
          <div
            className="proposal-sides"
            id={proposalPanelId}
            {...(proposals.length > 1 ? { role: "tabpanel", "aria-labelledby": proposalTabId(selected.id) } : {})}
          >
            {/* Keyed by proposal, so each side's text starts at its top when the proposal changes. */}
            <ProposalSideView
              key={`${selected.id}-${selected.chosen.sample_id}`}
              role="chosen"
              side={selected.chosen}
              scored={byId.get(selected.chosen.sample_id)}
              instruction={instruction}
            />
            <ProposalSideView
              key={`${selected.id}-${selected.rejected.sample_id}`}
              role="rejected"
              side={selected.rejected}
              scored={byId.get(selected.rejected.sample_id)}
              instruction={instruction}
            />
          </div>
        </section>
      )}

      <section aria-labelledby="all-samples-heading" className="review-samples">
        <h2 id="all-samples-heading">{t("All samples")}</h2>
        {review.samples.length === 0 ? (
          <p className="muted">
            {t("No samples of this instruction yet. Start a job on the")} <Link to="/sampling">{t("Sampling")}</Link> {t("page.")}
          </p>
        ) : (
          <ScoredSamplesTable samples={review.samples} proposal={selected} />
        )}
      </section>
      {run && (
        <p className="hint review-keys-help">
          {t("Keys:")} <kbd>A</kbd> {t("accept")} · <kbd>R</kbd> {t("reject")} · <kbd>S</kbd> {t("swap")} · <kbd>U</kbd> {t("reset")} ·{" "}
          <kbd>J</kbd>/<kbd>→</kbd> {t("next instruction")} · <kbd>K</kbd>/<kbd>←</kbd> {t("previous")} · <kbd>1</kbd>–<kbd>9</kbd>{" "}
          {t("proposal")}
        </p>
      )}
    </article>
  );
}
