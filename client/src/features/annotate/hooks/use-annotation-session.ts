import { useCallback, useEffect, useRef, useState } from "react";
import { z } from "zod";
import {
  NextItemAheadResponseSchema,
  SubmitJudgmentResponseSchema,
  type AnnotationItem,
  type Verdict,
} from "../../../../../shared/schemas/campaigns";
import { api, asApiError, OkSchema, type ApiRequestError } from "../../../common/api";
import { t } from "../../../common/i18n";
import { clearDraft } from "../draft-storage";
import { addPending, readPending, removePending, retryDelayMs, worthRetrying } from "../pending-judgments";

export type Margin = "slightly" | "much";

export interface Choice {
  verdict: Verdict;
  margin: Margin | null;
  rationale: string;
}

export interface Measures {
  time_ms: number;
  coverage_left: number;
  coverage_right: number;
}

/** The item on screen; after an undo, with the judgment it had, so nothing read or written is lost. */
export interface ShownItem {
  item: AnnotationItem;
  restored?: { choice: Choice; measures: Measures };
}

/** The last judgment the server recorded, while it may still be taken back. */
export interface LastJudgment {
  id: number;
  /** Date.now() after which the server refuses the undo (its window, measured on this clock). */
  deadline: number;
  /** The item as it was shown; unknown for a judgment sent from storage after a reload. */
  snapshot: { shown: ShownItem; choice: Choice; measures: Measures } | undefined;
}

/**
 * loading: asking for an item; ready: an item to judge; sending: a judgment on its way; waiting: a judgment
 * the server has not answered (kept, retried); done: nothing left; failed: the next item could not be had.
 */
export type Phase = "loading" | "ready" | "sending" | "waiting" | "done" | "failed";

const UndoResponseSchema = OkSchema.extend({ assignment_id: z.number().int() });

/** A v4 UUID; crypto.randomUUID only exists on https and localhost, a LAN server may be plain http. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One annotator's session in one campaign: the item on screen, judgments kept until the server has them
 * (same idempotency key on every attempt, so a retry never judges twice), skip and undo. One request at a
 * time: a key pressed twice while a judgment is on its way does nothing.
 *
 * Prefetch (decision 022): every /next also leases the item after it (`ahead`), which the page renders
 * off-screen; a submit swaps it in at once and the judgment and the next /next go out behind it.
 */
export function useAnnotationSession(userId: number, campaignId: number) {
  const [phase, setPhaseState] = useState<Phase>("loading");
  const [shown, setShown] = useState<ShownItem | null>(null);
  const [ahead, setAhead] = useState<AnnotationItem | null>(null);
  const [pendingCount, setPendingCount] = useState(() => readPending(userId, campaignId).length);
  const [error, setError] = useState<ApiRequestError | string | undefined>();
  const [last, setLast] = useState<LastJudgment | undefined>();
  const [judgedByYou, setJudgedByYou] = useState<number | undefined>();
  // Bumped whenever the counts on the server change: the page reloads "remaining".
  const [progressVersion, setProgressVersion] = useState(0);

  const phaseRef = useRef<Phase>("loading");
  const setPhase = useCallback((next: Phase) => {
    phaseRef.current = next;
    setPhaseState(next);
  }, []);
  const busy = useRef(false);
  const attempt = useRef(0);
  const retryTimer = useRef<number | undefined>(undefined);
  const snapshots = useRef(new Map<string, NonNullable<LastJudgment["snapshot"]>>());
  const lastRef = useRef<LastJudgment | undefined>(undefined);
  lastRef.current = last;
  const shownRef = useRef<ShownItem | null>(null);
  shownRef.current = shown;
  const aheadRef = useRef<AnnotationItem | null>(null);
  aheadRef.current = ahead;
  // A judgment made while the previous one and the next item are still on their way: go round once more.
  const again = useRef(false);

  /** Runs one piece of work with the server at a time; a second one asked meanwhile is dropped. */
  const run = useCallback(async (work: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    try {
      await work();
    } finally {
      busy.current = false;
    }
  }, []);

  /** Sends every kept judgment, oldest first; false when one must wait for the server to be reachable. */
  const flush = useCallback(async (): Promise<boolean> => {
    for (const pending of readPending(userId, campaignId)) {
      const key = pending.body.idempotency_key;
      try {
        const { judgment } = await api(`/api/annotate/assignments/${pending.assignment_id}/judgment`, {
          method: "POST",
          body: pending.body,
          schema: SubmitJudgmentResponseSchema,
        });
        removePending(userId, campaignId, key);
        attempt.current = 0;
        const windowMs = Date.parse(judgment.undo_until) - Date.parse(judgment.created_at);
        setLast({
          id: judgment.id,
          deadline: Date.now() + (Number.isFinite(windowMs) ? windowMs : 0),
          snapshot: snapshots.current.get(key),
        });
        snapshots.current.delete(key);
        setJudgedByYou(judgment.judged_by_you);
        setProgressVersion((v) => v + 1);
      } catch (failure) {
        const answer = asApiError(failure);
        if (worthRetrying(answer)) {
          setPendingCount(readPending(userId, campaignId).length);
          return false;
        }
        // The server's final word (judged already, lease taken over, not allowed): shown, not retried.
        removePending(userId, campaignId, key);
        snapshots.current.delete(key);
        setError(t("Your judgment was not recorded: {{message}}", { message: answer.message }));
        setProgressVersion((v) => v + 1);
      }
    }
    setPendingCount(0);
    return true;
  }, [userId, campaignId]);

  // The retry timer runs the latest advance (it reschedules itself from inside).
  const advanceRef = useRef<() => Promise<void>>(async () => {});
  const advanceOnce = useCallback(async (): Promise<void> => {
    window.clearTimeout(retryTimer.current);
    if (!(await flush())) {
      setPhase("waiting");
      const delay = retryDelayMs(attempt.current++);
      retryTimer.current = window.setTimeout(() => void run(advanceRef.current), delay);
      return;
    }
    // A judgment was added meanwhile: the next round sends it first, then asks.
    if (again.current) return;
    try {
      const answer = await api(`/api/annotate/campaigns/${campaignId}/next?ahead=1`, {
        method: "POST",
        schema: NextItemAheadResponseSchema,
      });
      if (again.current) return;
      const { item } = answer;
      const current = shownRef.current;
      // The prefetched item already on screen: kept as it is (its draft and reading go on), not replaced.
      const same = item !== null && current !== null && current.item.assignment_id === item.assignment_id && !current.restored;
      if (!same) setShown(item ? { item } : null);
      setAhead(answer.ahead);
      if (item) setJudgedByYou(item.judged_by_you);
      setPhase(item ? "ready" : "done");
    } catch (failure) {
      setError(asApiError(failure));
      setPhase("failed");
    }
  }, [flush, run, campaignId, setPhase]);

  const advance = useCallback(async (): Promise<void> => {
    do {
      again.current = false;
      await advanceOnce();
    } while (again.current);
  }, [advanceOnce]);

  /** Runs advance now, or once more after the one under way. */
  const requestAdvance = useCallback(() => {
    if (busy.current) again.current = true;
    else void run(advance);
  }, [run, advance]);

  advanceRef.current = advance;

  useEffect(() => {
    void run(advance);
    const onOnline = () => {
      if (phaseRef.current === "waiting") void run(advance);
    };
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      window.clearTimeout(retryTimer.current);
    };
  }, [run, advance]);

  // The undo button goes when the server would refuse it.
  useEffect(() => {
    if (!last) return;
    const timer = window.setTimeout(() => setLast((l) => (l === last ? undefined : l)), Math.max(0, last.deadline - Date.now()));
    return () => window.clearTimeout(timer);
  }, [last]);

  /** Puts the prefetched item on screen at once; false when there is none. */
  const swapInAhead = useCallback((after: ShownItem): boolean => {
    const next = aheadRef.current;
    if (!next || next.assignment_id === after.item.assignment_id) return false;
    aheadRef.current = null;
    setAhead(null);
    setShown({ item: next });
    return true;
  }, []);

  const submit = useCallback(
    (choice: Choice, measures: Measures) => {
      const current = shownRef.current;
      // While a judgment and the next item are on their way (a prefetched item is on screen), judging goes on.
      if (phaseRef.current !== "ready" || !current) return;
      const key = newIdempotencyKey();
      snapshots.current.set(key, { shown: current, choice, measures });
      addPending(userId, campaignId, {
        assignment_id: current.item.assignment_id,
        body: { ...choice, ...measures, idempotency_key: key },
      });
      clearDraft(userId, campaignId, current.item.assignment_id);
      setPendingCount(readPending(userId, campaignId).length);
      setError(undefined);
      if (!swapInAhead(current)) setPhase("sending");
      requestAdvance();
    },
    [userId, campaignId, requestAdvance, swapInAhead, setPhase],
  );

  const skip = useCallback(() => {
    const current = shownRef.current;
    if (busy.current || phaseRef.current !== "ready" || !current) return;
    setError(undefined);
    setPhase("loading");
    void run(async () => {
      try {
        await api(`/api/annotate/assignments/${current.item.assignment_id}/skip`, { method: "POST", schema: OkSchema });
        clearDraft(userId, campaignId, current.item.assignment_id);
        setProgressVersion((v) => v + 1);
        if (swapInAhead(current)) setPhase("ready");
      } catch (failure) {
        const answer = asApiError(failure);
        setError(t("Could not skip: {{message}}", { message: answer.message }));
        if (worthRetrying(answer)) {
          setPhase("ready");
          return;
        }
      }
      await advance();
    });
  }, [userId, campaignId, run, advance, swapInAhead, setPhase]);

  const undo = useCallback(() => {
    const judgment = lastRef.current;
    const open = phaseRef.current === "ready" || phaseRef.current === "done";
    if (busy.current || !open || !judgment?.snapshot || judgment.deadline <= Date.now() || readPending(userId, campaignId).length > 0)
      return;
    const { snapshot } = judgment;
    setError(undefined);
    setPhase("loading");
    void run(async () => {
      try {
        const answer = await api(`/api/annotate/judgments/${judgment.id}/undo`, { method: "POST", schema: UndoResponseSchema });
        setLast(undefined);
        setJudgedByYou((n) => (n === undefined ? n : Math.max(0, n - 1)));
        setProgressVersion((v) => v + 1);
        if (answer.assignment_id === snapshot.shown.item.assignment_id) {
          // The server answers /next with the newest item held, which is the one shown after this judgment;
          // the undone one is brought back from memory, with the same sides.
          // The item that was on screen comes next again (the server holds it): it waits, rendered, as the ahead one.
          const onScreen = shownRef.current?.item;
          if (onScreen && onScreen.assignment_id !== snapshot.shown.item.assignment_id) setAhead(onScreen);
          setShown({ item: snapshot.shown.item, restored: { choice: snapshot.choice, measures: snapshot.measures } });
          setPhase("ready");
        } else {
          await advance();
        }
      } catch (failure) {
        const answer = asApiError(failure);
        if (!worthRetrying(answer)) setLast(undefined);
        setError(t("Could not undo: {{message}}", { message: answer.message }));
        setPhase(shownRef.current ? "ready" : "done");
      }
    });
  }, [userId, campaignId, run, advance, setPhase]);

  const retryNow = useCallback(() => {
    if (phaseRef.current === "waiting" || phaseRef.current === "failed") {
      setError(undefined);
      attempt.current = 0;
      void run(advance);
    }
  }, [run, advance]);

  return { phase, shown, ahead, pendingCount, error, last, judgedByYou, progressVersion, submit, skip, undo, retryNow };
}
