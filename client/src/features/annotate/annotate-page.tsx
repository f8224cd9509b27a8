import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { AnnotatorCampaignsResponseSchema, type AnnotatorCampaign, type Verdict } from "../../../../shared/schemas/campaigns";
import { useUser } from "../../common/auth";
import { AnnotateGuidelines } from "./annotate-guidelines";
import { AnnotateInstruction } from "./annotate-instruction";
import { AnnotatePane, type PaneHandle, type SideName } from "./annotate-pane";
import { AnnotateSlots } from "./annotate-slots";
import { AnnotateVerdicts, hasWinner, missingFor, verdictAllowed, type Draft } from "./annotate-verdicts";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { useAnnotateKeys, type AnnotateCommand } from "./hooks/use-annotate-keys";
import { useAnnotationSession } from "./hooks/use-annotation-session";
import { useItemDraft } from "./hooks/use-item-draft";
import { countOf, formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";

const Instruction = memo(AnnotateInstruction);

export function AnnotatePage() {
  const { campaignId = "" } = useParams();
  const user = useUser();
  const id = Number(campaignId);
  const { data, error, reload } = useApiData("/api/annotate/campaigns", AnnotatorCampaignsResponseSchema);
  const campaign = data?.campaigns.find((c) => c.id === id);

  if (!campaign) {
    return (
      <section>
        <PageTitle title="Annotation" />
        <p className="breadcrumb">
          <Link to="/annotate">Annotation</Link>
        </p>
        <h1>Annotation</h1>
        {error ? (
          <ErrorAlert error={error} title="Could not load your campaigns:" />
        ) : data ? (
          <div className="empty-state">
            <p>This campaign is not open to you: it may have been closed, or you are not among its annotators.</p>
            <p>
              <Link to="/annotate">Back to your campaigns</Link>
            </p>
          </div>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
    );
  }
  return <AnnotateScreen key={`${user.id}:${campaign.id}`} campaign={campaign} userId={user.id} reloadCampaign={reload} />;
}

// Display preferences last across items and visits (they are about the reader, not the campaign).
function usePreference(key: string, initial: boolean): [boolean, (on: boolean) => void] {
  const [value, setValue] = useState(() => {
    try {
      const stored = window.localStorage.getItem(key);
      return stored === null ? initial : stored === "on";
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (on: boolean) => {
      setValue(on);
      try {
        window.localStorage.setItem(key, on ? "on" : "off");
      } catch {
        // Private windows may refuse storage: the setting then lasts for this page.
      }
    },
    [key],
  );
  return [value, set];
}

function seenBefore(key: string): boolean {
  try {
    return window.localStorage.getItem(key) !== null;
  } catch {
    return true;
  }
}

function markSeen(key: string) {
  try {
    window.localStorage.setItem(key, "seen");
  } catch {
    // Without storage the guidelines open on every visit: a small price.
  }
}

interface ScreenProps {
  campaign: AnnotatorCampaign;
  userId: number;
  reloadCampaign: () => void;
}

function AnnotateScreen({ campaign, userId, reloadCampaign }: ScreenProps) {
  const { settings } = campaign;
  const session = useAnnotationSession(userId, campaign.id);
  const { phase, shown } = session;
  const [raw, setRaw] = usePreference("longpref.annotate.raw", false);
  const [sync, setSync] = usePreference("longpref.annotate.sync", false);
  // The guidelines open by themselves the first time someone opens a campaign that has some.
  const seenKey = `longpref.annotate.guidelines-seen.${userId}.${campaign.id}`;
  const [guidelinesOpen, setGuidelinesOpen] = useState(() => campaign.guidelines.trim() !== "" && !seenBefore(seenKey));
  useEffect(() => {
    if (guidelinesOpen) markSeen(seenKey);
  }, [guidelinesOpen, seenKey]);
  const [hint, setHint] = useState<string | undefined>();

  // The draft belongs to the item on screen and survives a reload (use-item-draft).
  const [draft, storeDraft] = useItemDraft(userId, campaign.id, shown);
  const setDraft = (next: Draft) => {
    setHint(undefined);
    storeDraft(next);
  };

  const left = useRef<PaneHandle>(null);
  const right = useRef<PaneHandle>(null);
  const rationale = useRef<HTMLTextAreaElement>(null);
  const shownAt = useRef(0);
  const syncRef = useRef(sync);
  syncRef.current = sync;

  // Time on item runs from the moment it is on screen.
  useLayoutEffect(() => {
    shownAt.current = performance.now();
    setHint(undefined);
    // A new item starts with the keys working, not inside the previous item's rationale.
    if (document.activeElement instanceof HTMLTextAreaElement) document.activeElement.blur();
  }, [shown]);

  const { progressVersion } = session;
  useEffect(() => {
    if (progressVersion > 0) reloadCampaign();
  }, [progressVersion, reloadCampaign]);

  // Synced scrolling follows by fraction: the same place in the text, whatever the two lengths.
  const onScrollFraction = useCallback((side: SideName, fraction: number) => {
    if (!syncRef.current) return;
    (side === "left" ? right : left).current?.scrollToFraction(fraction);
  }, []);

  const ready = phase === "ready" && shown !== null;
  const undoable = session.last?.snapshot !== undefined && session.pendingCount === 0 && (phase === "ready" || phase === "done");

  function submit() {
    if (!ready || !shown) return;
    const missing = missingFor(settings, draft);
    if (missing) {
      setHint(missing);
      if (draft.verdict !== null && settings.rationale === "required" && draft.rationale.trim() === "") rationale.current?.focus();
      return;
    }
    const prior = shown.restored?.measures;
    const elapsed = Math.round(performance.now() - shownAt.current);
    session.submit(
      {
        verdict: draft.verdict!,
        margin: settings.ask_margin && hasWinner(draft.verdict) ? draft.margin : null,
        rationale: settings.rationale === "off" ? "" : draft.rationale.trim(),
      },
      {
        time_ms: Math.max(1, (prior?.time_ms ?? 0) + elapsed),
        coverage_left: left.current?.coverage() ?? 0,
        coverage_right: right.current?.coverage() ?? 0,
      },
    );
  }

  function choose(verdict: Verdict) {
    if (ready && verdictAllowed(settings, verdict)) setDraft({ ...draft, verdict });
  }

  function onCommand(command: AnnotateCommand, event: KeyboardEvent) {
    switch (command) {
      case "left":
      case "tie":
      case "right":
      case "both-bad":
        return choose(command);
      case "slightly":
      case "much":
        if (ready && settings.ask_margin && hasWinner(draft.verdict)) setDraft({ ...draft, margin: command });
        return;
      case "submit":
        return submit();
      case "skip":
        return session.skip();
      case "undo":
        return session.undo();
      case "rationale":
        return rationale.current?.focus();
      case "guidelines":
        return setGuidelinesOpen((open) => !open);
      case "raw":
        return setRaw(!raw);
      case "sync":
        return setSync(!sync);
      case "left-pane":
        return left.current?.focus();
      case "right-pane":
        return right.current?.focus();
      case "escape":
        if (event.target instanceof HTMLElement && event.target.closest("textarea, input, select")) event.target.blur();
        else setGuidelinesOpen(false);
        return;
    }
  }
  useAnnotateKeys(onCommand, true);

  const judged = session.judgedByYou ?? campaign.judged_by_you;
  const item = shown?.item;
  const undoTitle = session.last
    ? `Take back your last judgment (until ${new Date(session.last.deadline).toLocaleTimeString()})`
    : "Take back your last judgment";

  return (
    <article className="annotate" aria-busy={phase === "loading" || phase === "sending"}>
      <PageTitle title={campaign.title} />
      <header className="annotate-head">
        <div className="annotate-title">
          <p className="breadcrumb">
            <Link to="/annotate">Annotation</Link> · <Link to={`/annotate/${campaign.id}/history`}>{t("Your judgments")}</Link>
          </p>
          <h1>{campaign.title}</h1>
        </div>
        <p className="annotate-progress" data-testid="annotate-progress">
          <strong>{formatNumber(judged)}</strong> judged by you · <strong>{formatNumber(campaign.remaining)}</strong> remaining
        </p>
        <div className="annotate-tools">
          <label className="checkbox-field" title="Scroll both sides together, by fraction of their length (Y)">
            <input type="checkbox" checked={sync} onChange={(e) => setSync(e.target.checked)} aria-keyshortcuts="Y" />
            <span>
              Sync scrolling <kbd aria-hidden="true">Y</kbd>
            </span>
          </label>
          <label className="checkbox-field" title="Show the outputs as plain text instead of formatted Markdown (M)">
            <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} aria-keyshortcuts="M" />
            <span>
              Raw text <kbd aria-hidden="true">M</kbd>
            </span>
          </label>
          <button
            type="button"
            className="button-small"
            aria-expanded={guidelinesOpen}
            aria-keyshortcuts="G ?"
            onClick={() => setGuidelinesOpen((o) => !o)}
          >
            Guidelines <kbd aria-hidden="true">G</kbd>
          </button>
        </div>
      </header>

      {item && shown ? (
        // The next item is rendered behind this one and swapped in on submit (decision 022).
        <AnnotateSlots shown={shown} ahead={session.ahead}>
          {(slotItem, live) => (
            <div className={`annotate-work${ready || !live ? "" : " annotate-inert"}`}>
              {live && <Instruction key={`i-${slotItem.assignment_id}`} instruction={slotItem.instruction} />}
              <div className="annotate-sides">
                {(["left", "right"] as const).map((side) => (
                  <AnnotatePane
                    key={`${side}-${slotItem.assignment_id}-${live && shown.restored ? "again" : "first"}`}
                    ref={live ? (side === "left" ? left : right) : undefined}
                    side={side}
                    data={slotItem[side]}
                    requiredLength={slotItem.instruction.required_length}
                    lang={slotItem.instruction.lang !== "other" ? slotItem.instruction.lang : undefined}
                    raw={raw}
                    initialCoverage={(live && shown.restored?.measures[side === "left" ? "coverage_left" : "coverage_right"]) || 0}
                    onScrollFraction={onScrollFraction}
                    offscreen={!live}
                  />
                ))}
              </div>
            </div>
          )}
        </AnnotateSlots>
      ) : phase === "done" ? (
        <AllDone judged={judged} />
      ) : (
        <div className="annotate-placeholder">
          <p className="muted">
            {phase === "waiting"
              ? "Your last judgment is waiting to be sent; the next item comes once the server has it."
              : phase === "failed"
                ? ""
                : "Loading the next item…"}
          </p>
        </div>
      )}

      <footer className="annotate-bar">
        {(item || phase !== "done") && (
          <AnnotateVerdicts
            settings={settings}
            draft={draft}
            onDraft={setDraft}
            inert={!ready}
            onSubmit={submit}
            onSkip={session.skip}
            canUndo={undoable}
            onUndo={session.undo}
            undoTitle={undoTitle}
            rationaleRef={rationale}
          />
        )}
        {!item && phase === "done" && undoable && (
          <div className="annotate-actions">
            <button type="button" onClick={session.undo} aria-keyshortcuts="U" title={undoTitle}>
              Undo the last judgment <kbd aria-hidden="true">U</kbd>
            </button>
          </div>
        )}
        <div className="annotate-status">
          {session.pendingCount > 0 && (
            <p role="status" className="annotate-pending" data-testid="pending-judgments">
              {countOf(session.pendingCount, "judgment")} waiting to be sent
              {phase === "waiting" && (
                <>
                  {" "}
                  · retrying on its own{" "}
                  <button type="button" className="button-small" onClick={session.retryNow}>
                    Retry now
                  </button>
                </>
              )}
            </p>
          )}
          {session.error ? (
            <ErrorAlert error={session.error} />
          ) : hint ? (
            <p className="annotate-hint" role="status">
              {hint}
            </p>
          ) : !item ? (
            <p className="annotate-hint hint">
              <kbd>U</kbd> undo · <kbd>G</kbd> guidelines
            </p>
          ) : (
            <p className="annotate-hint hint">
              <kbd>1</kbd> left · <kbd>2</kbd> tie · <kbd>3</kbd> right · <kbd>4</kbd> both bad · <kbd>⏎</kbd> submit · <kbd>S</kbd> skip ·{" "}
              <kbd>U</kbd> undo · <kbd>←</kbd>/<kbd>→</kbd> then <kbd>↑</kbd>/<kbd>↓</kbd>/<kbd>Space</kbd> scroll a side · <kbd>G</kbd>{" "}
              guidelines
            </p>
          )}
          {phase === "failed" && (
            <button type="button" className="button-small" onClick={session.retryNow}>
              Try again
            </button>
          )}
        </div>
      </footer>

      {guidelinesOpen && <AnnotateGuidelines guidelines={campaign.guidelines} onClose={() => setGuidelinesOpen(false)} />}
    </article>
  );
}

function AllDone({ judged }: { judged: number }) {
  return (
    <section className="annotate-done empty-state" aria-labelledby="annotate-done-title">
      <h2 id="annotate-done-title">All done</h2>
      <p>You judged {countOf(judged, "comparison")} in this campaign. Nothing is left for you here; thank you.</p>
      <p>
        <Link to="/annotate">Back to your campaigns</Link>
      </p>
    </section>
  );
}
