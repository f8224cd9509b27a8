import { useState } from "react";
import { emptyDraft, type Draft } from "../annotate-verdicts";
import { loadDraft, saveDraft } from "../draft-storage";
import type { ShownItem } from "./use-annotation-session";

/**
 * The draft belongs to the item on screen: a new item starts empty, or with what was chosen before a reload
 * (draft-storage), an undone one with its judgment. Every change is stored at once.
 */
export function useItemDraft(userId: number, campaignId: number, shown: ShownItem | null): [Draft, (next: Draft) => void] {
  const initial = (): Draft =>
    shown?.restored?.choice ?? (shown ? loadDraft(userId, campaignId, shown.item.assignment_id) : null) ?? emptyDraft;
  const [state, setState] = useState<{ shown: ShownItem | null; draft: Draft }>(() => ({ shown, draft: initial() }));
  let draft = state.draft;
  if (state.shown !== shown) {
    draft = initial();
    setState({ shown, draft });
  }
  const set = (next: Draft) => {
    setState({ shown, draft: next });
    if (shown) saveDraft(userId, campaignId, shown.item.assignment_id, next);
  };
  return [draft, set];
}
