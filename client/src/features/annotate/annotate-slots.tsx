import { startTransition, useEffect, useState, type ReactNode } from "react";
import type { AnnotationItem } from "../../../../shared/schemas/campaigns";
import type { ShownItem } from "./hooks/use-annotation-session";
import "./annotate-speed.css";

interface Props {
  shown: ShownItem;
  /** The prefetched next item, rendered now and kept out of sight until it is swapped in. */
  ahead: AnnotationItem | null;
  /** The work area for one item; `live` is false for the prefetched one (and one just left). */
  children: (item: AnnotationItem, live: boolean) => ReactNode;
}

/** Runs `work` as a transition after the next frame has been painted. */
function afterPaint(work: () => void): () => void {
  let second = 0;
  const first = requestAnimationFrame(() => {
    second = requestAnimationFrame(() => startTransition(work));
  });
  return () => {
    cancelAnimationFrame(first);
    cancelAnimationFrame(second);
  };
}

/**
 * The item on screen and, behind it, the next one: mounted and laid out in the same box, but visibility:
 * hidden, which also keeps it out of the focus order, pointer and accessibility tree (no inert/aria-hidden:
 * toggling those on 20,000 words costs a style pass over all of them on every swap). Both are keyed by assignment, so on submit React keeps the
 * prefetched element and only flips its class: the next item is painted, never rendered, on Enter. What
 * costs time is moved after that paint: mounting the following item, and removing the one just left.
 */
export function AnnotateSlots({ shown, ahead, children }: Props) {
  const [mountedAhead, setMountedAhead] = useState<AnnotationItem | null>(null);
  useEffect(() => {
    if (ahead === mountedAhead) return;
    return afterPaint(() => setMountedAhead(ahead));
  }, [ahead, mountedAhead]);

  const [previous, setPrevious] = useState(shown);
  const [leaving, setLeaving] = useState<AnnotationItem | null>(null);
  if (previous !== shown) {
    setPrevious(shown);
    if (previous.item.assignment_id !== shown.item.assignment_id) setLeaving(previous.item);
  }
  useEffect(() => {
    if (leaving) return afterPaint(() => setLeaving(null));
  }, [leaving]);

  const slots: { item: AnnotationItem; role: "live" | "ahead" | "leaving" }[] = [{ item: shown.item, role: "live" }];
  const ids = new Set([shown.item.assignment_id]);
  for (const [item, role] of [
    [mountedAhead, "ahead"],
    [leaving, "leaving"],
  ] as const) {
    if (item && !ids.has(item.assignment_id)) {
      ids.add(item.assignment_id);
      slots.push({ item, role });
    }
  }
  return (
    <div className="annotate-slots">
      {slots.map(({ item, role }) => (
        <div key={item.assignment_id} className={role === "live" ? "annotate-slot" : "annotate-slot annotate-slot-ahead"} data-slot={role}>
          {children(item, role === "live")}
        </div>
      ))}
    </div>
  );
}
