import { z } from "zod";
import { VerdictSchema } from "../../../../shared/schemas/campaigns";

/**
 * The judgment being made on the item on screen (verdict, margin, rationale), kept in localStorage so a
 * reload or a crashed tab does not lose it. Keyed by user, campaign and assignment; only the item on screen
 * has one, and a user's page removes every other user's drafts, so nobody reads another's on a shared
 * browser. Cleared when the item is submitted or skipped.
 */
export interface StoredDraft {
  verdict: z.infer<typeof VerdictSchema> | null;
  margin: "slightly" | "much" | null;
  rationale: string;
}

const prefix = "longpref.annotate.draft.";
const keyOf = (userId: number, campaignId: number, assignmentId: number) => `${prefix}${userId}.${campaignId}.${assignmentId}`;

// Whatever storage holds is outside input (another version of the app, a hand edit): read through a schema.
const DraftSchema = z.object({
  verdict: VerdictSchema.nullable(),
  margin: z.enum(["slightly", "much"]).nullable(),
  rationale: z.string().max(20_000),
});

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Private windows may refuse storage: drafts then last as long as the page.
    return null;
  }
}

function keys(store: Storage): string[] {
  const all: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) all.push(key);
  }
  return all;
}

/** Removes the drafts this user may not see (other users') and this user's stale ones in the campaign. */
function prune(store: Storage, userId: number, campaignId: number, keep: string | null) {
  for (const key of keys(store)) {
    const [user, campaign] = key.slice(prefix.length).split(".");
    if (user !== String(userId) || (campaign === String(campaignId) && key !== keep)) store.removeItem(key);
  }
}

export function loadDraft(userId: number, campaignId: number, assignmentId: number): StoredDraft | null {
  const store = storage();
  if (!store) return null;
  const key = keyOf(userId, campaignId, assignmentId);
  try {
    prune(store, userId, campaignId, key);
    const stored = store.getItem(key);
    if (stored === null) return null;
    const parsed = DraftSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveDraft(userId: number, campaignId: number, assignmentId: number, draft: StoredDraft) {
  const store = storage();
  if (!store) return;
  const key = keyOf(userId, campaignId, assignmentId);
  try {
    if (draft.verdict === null && draft.margin === null && draft.rationale === "") store.removeItem(key);
    else store.setItem(key, JSON.stringify({ verdict: draft.verdict, margin: draft.margin, rationale: draft.rationale }));
  } catch {
    // Storage full or refused: the draft stays on screen, only a reload would lose it.
  }
}

export function clearDraft(userId: number, campaignId: number, assignmentId: number) {
  try {
    storage()?.removeItem(keyOf(userId, campaignId, assignmentId));
  } catch {
    // Nothing stored then.
  }
}
