import type { ReactNode } from "react";
import type { AnnotationItem } from "../../../../shared/schemas/campaigns";
import type { ShownItem } from "./hooks/use-annotation-session";
import "./annotate-speed.css";

interface Props {
  shown: ShownItem;
  /** The prefetched next item, rendered now and kept out of sight until it is swapped in. */
  ahead: AnnotationItem | null;
  /** The work area for one item; `live` is false for the prefetched one. */
  children: (item: AnnotationItem, live: boolean) => ReactNode;
}

/**
 * The item on screen and, behind it, the next one: mounted and laid out (visibility: hidden, same box) but
 * inert and out of the accessibility tree. Both are keyed by assignment, so on submit React keeps the
 * prefetched element and only flips its class: the next item is painted, never rendered, on Enter.
 */
export function AnnotateSlots({ shown, ahead, children }: Props) {
  const slots = [{ item: shown.item, live: true }];
  if (ahead && ahead.assignment_id !== shown.item.assignment_id) slots.push({ item: ahead, live: false });
  return (
    <div className="annotate-slots">
      {slots.map(({ item, live }) => (
        <div
          key={item.assignment_id}
          className={live ? "annotate-slot" : "annotate-slot annotate-slot-ahead"}
          inert={!live}
          aria-hidden={live ? undefined : true}
          data-slot={live ? "live" : "ahead"}
        >
          {children(item, live)}
        </div>
      ))}
    </div>
  );
}
