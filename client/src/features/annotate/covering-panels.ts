/**
 * Panels that can lie over the answers (the guidelines on a narrow screen, a side's outline list) carry this
 * attribute. While one of them covers part of an answer, the judging keys wait: a verdict is never given on a
 * side that is hidden. Measured, not inferred from the window size, so any layout is judged by what it shows.
 */
export const panelAttribute = "data-annotate-panel";

type Box = Pick<DOMRect, "left" | "right" | "top" | "bottom">;

const visible = (r: Box) => r.right > r.left && r.bottom > r.top;
const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Whether an open panel overlaps an answer pane shown inside `root`. */
export function answerCovered(root: ParentNode | null): boolean {
  if (!root) return false;
  // Answers shown now: not a hidden tab, nor an item rendered ahead of time out of sight.
  const panes = Array.from(root.querySelectorAll(".annotate-pane"))
    .filter((el) => el.checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) ?? true)
    .map((el) => el.getBoundingClientRect())
    .filter(visible);
  // A closed <details> may still lay out its content (hidden, not removed): it covers nothing.
  const panels = Array.from(document.querySelectorAll(`[${panelAttribute}]`))
    .filter((el) => el.closest("details:not([open])") === null)
    .map((el) => el.getBoundingClientRect())
    .filter(visible);
  return panels.some((panel) => panes.some((pane) => overlap(panel, pane)));
}

/** Whether two elements' boxes overlap on screen. */
export const elementsOverlap = (a: Element | null | undefined, b: Element | null | undefined) =>
  !!a &&
  !!b &&
  visible(a.getBoundingClientRect()) &&
  visible(b.getBoundingClientRect()) &&
  overlap(a.getBoundingClientRect(), b.getBoundingClientRect());
