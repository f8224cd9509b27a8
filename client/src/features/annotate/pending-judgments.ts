import type { SubmitJudgmentBody } from "../../../../shared/schemas/campaigns";
import type { ApiRequestError } from "../../common/api";

/** A judgment made on screen and not yet acknowledged by the server. */
export interface PendingJudgment {
  assignment_id: number;
  body: SubmitJudgmentBody & { idempotency_key: string };
}

// Kept per user and campaign, so a judgment made offline survives a reload (or a crash of the tab) and is
// sent with its first idempotency key: the server then records it once however often it arrives.
const storageKey = (userId: number, campaignId: number) => `longpref.annotate.pending.${userId}.${campaignId}`;

// Without storage (private windows may refuse it) the queue lives as long as the page.
const memory = new Map<string, PendingJudgment[]>();

export function readPending(userId: number, campaignId: number): PendingJudgment[] {
  const key = storageKey(userId, campaignId);
  try {
    const stored = window.localStorage.getItem(key);
    if (stored === null) return memory.get(key) ?? [];
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? (parsed as PendingJudgment[]).filter(isPending) : [];
  } catch {
    return memory.get(key) ?? [];
  }
}

function writePending(userId: number, campaignId: number, pending: PendingJudgment[]) {
  const key = storageKey(userId, campaignId);
  memory.set(key, pending);
  try {
    if (pending.length === 0) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(pending));
  } catch {
    // The in-memory copy above still holds it.
  }
}

export function addPending(userId: number, campaignId: number, judgment: PendingJudgment) {
  const others = readPending(userId, campaignId).filter((p) => p.body.idempotency_key !== judgment.body.idempotency_key);
  writePending(userId, campaignId, [...others, judgment]);
}

export function removePending(userId: number, campaignId: number, idempotencyKey: string) {
  writePending(
    userId,
    campaignId,
    readPending(userId, campaignId).filter((p) => p.body.idempotency_key !== idempotencyKey),
  );
}

function isPending(value: unknown): value is PendingJudgment {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<PendingJudgment>;
  return typeof v.assignment_id === "number" && typeof v.body?.idempotency_key === "string" && typeof v.body.verdict === "string";
}

/**
 * Whether sending again may succeed: no answer at all (network), a server failure, a rate limit, or a
 * signed-out session (the judgment waits for the next sign-in). Anything else is the server's final word.
 */
export const worthRetrying = (error: ApiRequestError) =>
  error.status === 0 || error.status >= 500 || error.status === 429 || error.status === 401;

/** Seconds before the next attempt: quick at first, then every half minute. */
export const retryDelays = [2, 4, 8, 15, 30];
export const retryDelayMs = (attempt: number) => 1000 * retryDelays[Math.min(attempt, retryDelays.length - 1)]!;
