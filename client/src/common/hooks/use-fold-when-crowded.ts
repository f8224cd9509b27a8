import { type RefObject, useLayoutEffect } from "react";

/**
 * Folds the bar (data-folded) when its links do not fit on one line even set tighter, measured unfolded: the width they need
 * depends on the role (one link or eleven) and the language, so no fixed breakpoint fits all. Set on the
 * element, not in state: measuring must not render the page again.
 */
export function useFoldWhenCrowded(header: RefObject<HTMLElement | null>) {
  useLayoutEffect(() => {
    const bar = header.current;
    const inner = bar?.firstElementChild;
    if (!bar || !(inner instanceof HTMLElement)) return;
    // First tighter (data-compact: smaller links, no role badge), folded only if that is not enough.
    const measure = () => {
      bar.removeAttribute("data-folded");
      bar.removeAttribute("data-compact");
      if (inner.scrollWidth <= inner.clientWidth) return;
      bar.setAttribute("data-compact", "");
      if (inner.scrollWidth > inner.clientWidth) bar.setAttribute("data-folded", "");
    };
    measure();
    window.addEventListener("resize", measure);
    void document.fonts?.ready.then(measure);
    return () => window.removeEventListener("resize", measure);
  });
}
