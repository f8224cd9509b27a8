import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
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
import { useAnnotationSession, type ShownItem } from "./hooks/use-annotation-session";
import { useItemDraft } from "./hooks/use-item-draft";
import { formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";
import { answerCovered, elementsOverlap } from "./covering-panels";
import "./annotate-layout.css";

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
        <PageTitle title={t("Annotation")} />
        <p className="breadcrumb">
          <Link to="/annotate">{t("Annotation")}</Link>
        </p>
        <h1>{t("Annotation")}</h1>
        {error ? (
          <ErrorAlert error={error} title={t("Could not load your campaigns:")} />
        ) : data ? (
          <div className="empty-state">
            <p>{t("This campaign is not open to you: it may have been closed, or you are not among its annotators.")}</p>
            <p>
              <Link to="/annotate">{t("Back to your campaigns")}</Link>
            </p>
          </div>
        ) : (
          <p className="muted">{t("Loading…")}</p>
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
  const screen = useRef<HTMLElement>(null);
  // Said for a few seconds when a key waits for a panel to close (the panel may close without a key).
  const [covered, setCovered] = useState(false);
  useEffect(() => {
    if (!covered) return;
    const timer = window.setTimeout(() => setCovered(false), 4000);
    return () => window.clearTimeout(timer);
  }, [covered]);
  useEffect(() => {
    if (!guidelinesOpen) setCovered(false);
  }, [guidelinesOpen]);
  // While the guidelines lie over the answers (a sheet on narrow screens), what is under them takes no focus
  // and no clicks: Tab and Space cannot reach a verdict button hidden beneath.
  const [sheet, setSheet] = useState(false);
  useLayoutEffect(() => {
    if (!guidelinesOpen) return setSheet(false);
    const check = () =>
      setSheet(elementsOverlap(screen.current?.querySelector(".annotate-guidelines"), screen.current?.querySelector(".annotate-bar")));
    check();
    window.addEventListener("resize", check);
    return () => window.removeEventListener("resize", check);
  }, [guidelinesOpen]);

  // The draft belongs to the item on screen and survives a reload (use-item-draft).
  const [draft, storeDraft] = useItemDraft(userId, campaign.id, shown);
  const setDraft = (next: Draft) => {
    setHint(undefined);
    storeDraft(next);
  };

  // Narrow screens show one side at a time, as tabs; each tab tells how much of its side has been in view.
  const [tabState, setTabState] = useState<{ shown: ShownItem | null; tab: SideName; read: Record<SideName, number | null> }>({
    shown: null,
    tab: "left",
    read: { left: null, right: null },
  });
  if (tabState.shown !== shown) setTabState({ shown, tab: "left", read: { left: null, right: null } });
  const tab = tabState.shown === shown ? tabState.tab : "left";
  const read = tabState.shown === shown ? tabState.read : { left: null, right: null };

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

  // What each side shows of its text, in tenths (100 once whole): a state change only when a tenth is crossed.
  const noteRead = useCallback((side: SideName) => {
    // A side never laid out (a hidden tab) measures nothing and stays at 0: "not opened".
    const coverage = (side === "left" ? left : right).current?.coverage() ?? 0;
    if (coverage === 0) return;
    const tenths = coverage >= 0.995 ? 100 : Math.floor(coverage * 10) * 10;
    setTabState((state) =>
      state.read[side] === tenths ? state : { ...state, read: { ...state.read, [side]: Math.max(tenths, state.read[side] ?? 0) } },
    );
  }, []);
  useEffect(() => {
    noteRead("left");
    noteRead("right");
  }, [noteRead, tab, shown, raw]);

  // Synced scrolling follows by fraction: the same place in the text, whatever the two lengths.
  const onScrollFraction = useCallback(
    (side: SideName, fraction: number) => {
      noteRead(side);
      if (!syncRef.current) return;
      (side === "left" ? right : left).current?.scrollToFraction(fraction);
    },
    [noteRead],
  );
  const showSide = (side: SideName) => setTabState((state) => ({ ...state, tab: side }));

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
    // No verdict on a side a panel hides: the keys wait until it is closed (Esc, or its Close button).
    const blocked = judgingCommands.has(command) && answerCovered(screen.current);
    setCovered(blocked);
    if (blocked) return;
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
      case "right-pane": {
        const side = command === "left-pane" ? "left" : "right";
        // The tab is shown first (a hidden side cannot take the focus), then focused once painted.
        flushSync(() => showSide(side));
        return (side === "left" ? left : right).current?.focus();
      }
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
    ? t("Take back your last judgment (until {{time}})", { time: new Date(session.last.deadline).toLocaleTimeString() })
    : t("Take back your last judgment");

  return (
    <article
      className={`annotate${guidelinesOpen ? " annotate-with-guidelines" : ""}`}
      aria-busy={phase === "loading" || phase === "sending"}
      ref={screen}
    >
      <PageTitle title={campaign.title} />
      <header className="annotate-head" inert={sheet}>
        <div className="annotate-title">
          <p className="breadcrumb">
            <Link to="/annotate">{t("Annotation")}</Link> · <Link to={`/annotate/${campaign.id}/history`}>{t("Your judgments")}</Link>
          </p>
          <h1>{campaign.title}</h1>
        </div>
        <p className="annotate-progress" data-testid="annotate-progress">
          <strong>{formatNumber(judged)}</strong> {t("judged by you")} · <strong>{formatNumber(campaign.remaining)}</strong>{" "}
          {t("remaining")}
        </p>
        <div className="annotate-tools">
          <label className="checkbox-field annotate-sync" title={t("Scroll both sides together, by fraction of their length (Y)")}>
            <input type="checkbox" checked={sync} onChange={(e) => setSync(e.target.checked)} aria-keyshortcuts="Y" />
            <span>
              {t("Sync scrolling")} <kbd aria-hidden="true">Y</kbd>
            </span>
          </label>
          <label className="checkbox-field" title={t("Show the outputs as plain text instead of formatted Markdown (M)")}>
            <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} aria-keyshortcuts="M" />
            <span>
              {t("Raw text")} <kbd aria-hidden="true">M</kbd>
            </span>
          </label>
          <button
            type="button"
            className="button-small"
            aria-expanded={guidelinesOpen}
            aria-keyshortcuts="G ?"
            onClick={() => setGuidelinesOpen((o) => !o)}
          >
            {t("Guidelines")} <kbd aria-hidden="true">G</kbd>
          </button>
        </div>
      </header>

      {item && shown ? (
        // The next item is rendered behind this one and swapped in on submit (decision 022).
        <AnnotateSlots shown={shown} ahead={session.ahead}>
          {(slotItem, live) => (
            <div className={`annotate-work${ready || !live ? "" : " annotate-inert"}`} inert={live && sheet}>
              {live && <Instruction key={`i-${slotItem.assignment_id}`} instruction={slotItem.instruction} />}
              {live && <SideTabs tab={tab} read={read} onShow={showSide} />}
              <div className="annotate-sides" data-tab={live ? tab : "left"}>
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
              ? t("Your last judgment is waiting to be sent; the next item comes once the server has it.")
              : phase === "failed"
                ? ""
                : t("Loading the next item…")}
          </p>
        </div>
      )}

      <footer className="annotate-bar" inert={sheet}>
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
              {t("Undo the last judgment")} <kbd aria-hidden="true">U</kbd>
            </button>
          </div>
        )}
        <div className="annotate-status">
          {session.pendingCount > 0 && (
            <p role="status" className="annotate-pending" data-testid="pending-judgments">
              {session.pendingCount === 1
                ? t("1 judgment waiting to be sent")
                : t("{{count}} judgments waiting to be sent", { count: formatNumber(session.pendingCount) })}
              {phase === "waiting" && (
                <>
                  {" "}
                  · {t("retrying on its own")}{" "}
                  <button type="button" className="button-small" onClick={session.retryNow}>
                    {t("Retry now")}
                  </button>
                </>
              )}
            </p>
          )}
          {session.error ? (
            <ErrorAlert error={session.error} />
          ) : covered ? (
            <p className="annotate-hint" role="status">
              {t("A panel covers an answer: close it first (Esc).")}
            </p>
          ) : hint ? (
            <p className="annotate-hint" role="status">
              {hint}
            </p>
          ) : !item ? (
            <p className="annotate-hint annotate-keys-hint hint">
              <kbd>U</kbd> {t("undo")} · <kbd>G</kbd> {t("guidelines")}
            </p>
          ) : (
            <p className="annotate-hint annotate-keys-hint hint">
              <kbd>1</kbd> {t("left")} · <kbd>2</kbd> {t("tie")} · <kbd>3</kbd> {t("right")} · <kbd>4</kbd> {t("both bad")} · <kbd>⏎</kbd>{" "}
              {t("submit")} · <kbd>S</kbd> {t("skip")} · <kbd>U</kbd> {t("undo")} · <kbd>←</kbd>/<kbd>→</kbd> {t("then")} <kbd>↑</kbd>/
              <kbd>↓</kbd>/<kbd>Space</kbd> {t("scroll a side")} · <kbd>G</kbd> {t("guidelines")}
            </p>
          )}
          {phase === "failed" && (
            <button type="button" className="button-small" onClick={session.retryNow}>
              {t("Try again")}
            </button>
          )}
        </div>
      </footer>

      {guidelinesOpen && <AnnotateGuidelines guidelines={campaign.guidelines} onClose={() => setGuidelinesOpen(false)} />}
    </article>
  );
}

// The keys that decide something about the item on screen.
const judgingCommands = new Set<AnnotateCommand>(["left", "tie", "right", "both-bad", "slightly", "much", "submit", "skip"]);

function readLabel(read: number | null): string {
  if (read === null) return t("not opened");
  if (read >= 100) return t("read");
  return t("{{percent}}% seen", { percent: read });
}

/** Left / Right as tabs (shown on narrow screens only, see annotate-layout.css), each with how much was seen. */
function SideTabs({ tab, read, onShow }: { tab: SideName; read: Record<SideName, number | null>; onShow: (side: SideName) => void }) {
  return (
    <div className="annotate-tabs" role="tablist" aria-label={t("Answers")}>
      {(["left", "right"] as const).map((side) => (
        <button
          key={side}
          type="button"
          role="tab"
          aria-selected={tab === side}
          className={read[side] !== null && read[side] >= 100 ? "annotate-tab annotate-tab-read" : "annotate-tab"}
          data-testid={`${side}-tab`}
          onClick={() => onShow(side)}
        >
          <span className="annotate-tab-name">{side === "left" ? t("Left") : t("Right")}</span>
          <span className="annotate-tab-read-state">
            {read[side] !== null && read[side] >= 100 ? "✓ " : ""}
            {readLabel(read[side])}
          </span>
        </button>
      ))}
    </div>
  );
}

function AllDone({ judged }: { judged: number }) {
  return (
    <section className="annotate-done empty-state" aria-labelledby="annotate-done-title">
      <h2 id="annotate-done-title">{t("All done")}</h2>
      <p>
        {judged === 1
          ? t("You judged 1 comparison in this campaign. Nothing is left for you here; thank you.")
          : t("You judged {{count}} comparisons in this campaign. Nothing is left for you here; thank you.", {
              count: formatNumber(judged),
            })}
      </p>
      <p>
        <Link to="/annotate">{t("Back to your campaigns")}</Link>
      </p>
    </section>
  );
}
