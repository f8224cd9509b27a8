import { useEffect, useRef } from "react";

export type ReviewCommand = "accept" | "reject" | "swap" | "reset" | "next" | "previous";

/** The review screen's keys; letters are matched case-insensitively. */
export const reviewKeys: Record<string, ReviewCommand> = {
  a: "accept",
  r: "reject",
  s: "swap",
  u: "reset",
  j: "next",
  arrowright: "next",
  k: "previous",
  arrowleft: "previous",
};

/** Keys shown on the buttons and in aria-keyshortcuts. */
export const commandKeys: Record<ReviewCommand, string[]> = {
  accept: ["A"],
  reject: ["R"],
  swap: ["S"],
  reset: ["U"],
  next: ["J", "ArrowRight"],
  previous: ["K", "ArrowLeft"],
};

const notTyped = new Set(["checkbox", "radio", "button", "submit", "reset"]);

/** Whether a key press belongs to a field with focus: text typed, an option chosen. A ticked checkbox is not. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !notTyped.has(target.type);
  return target.closest("textarea, select, [contenteditable='true']") !== null;
}

/**
 * Single-key shortcuts for the review screen. Ignored while typing in a field, with a modifier held (so the
 * browser's own shortcuts keep working) and on auto-repeat (holding A must not accept a whole run). Arrow
 * keys inside a tab list move between its tabs instead. 1–9 pick a proposal of the instruction.
 */
export function useReviewKeys(onCommand: (command: ReviewCommand) => void, onDigit: (digit: number) => void, enabled: boolean) {
  const handlers = useRef({ onCommand, onDigit });
  handlers.current = { onCommand, onDigit };

  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.repeat || event.isComposing) return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      if (isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      const inTabs = event.target instanceof HTMLElement && event.target.closest("[role='tablist']") !== null;
      if (inTabs && key.startsWith("arrow")) return;
      if (/^[1-9]$/.test(key)) {
        event.preventDefault();
        handlers.current.onDigit(Number(key));
        return;
      }
      const command = reviewKeys[key];
      if (!command) return;
      event.preventDefault();
      handlers.current.onCommand(command);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
