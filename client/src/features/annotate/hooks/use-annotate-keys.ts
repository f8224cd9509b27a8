import { useEffect, useRef } from "react";

export type AnnotateCommand =
  | "left"
  | "tie"
  | "right"
  | "both-bad"
  | "slightly"
  | "much"
  | "submit"
  | "skip"
  | "undo"
  | "rationale"
  | "guidelines"
  | "raw"
  | "sync"
  | "left-pane"
  | "right-pane"
  | "escape";

/**
 * The judging screen's keys. Verdicts keep their numbers in every campaign (a verdict a campaign does not
 * allow leaves a gap), so the hand learns one layout. Letters never clash with the browser's own keys
 * inside a scrolling pane (arrows, Page Up/Down, Space, Home, End scroll it).
 */
export const annotateKeys: Record<string, AnnotateCommand> = {
  "1": "left",
  a: "left",
  "2": "tie",
  t: "tie",
  "3": "right",
  b: "right",
  "4": "both-bad",
  z: "slightly",
  x: "much",
  enter: "submit",
  s: "skip",
  u: "undo",
  r: "rationale",
  g: "guidelines",
  "?": "guidelines",
  m: "raw",
  y: "sync",
  arrowleft: "left-pane",
  arrowright: "right-pane",
  escape: "escape",
};

/** Keys shown on buttons and announced through aria-keyshortcuts. */
export const keysOf: Record<AnnotateCommand, string[]> = {
  left: ["1", "A"],
  tie: ["2", "T"],
  right: ["3", "B"],
  "both-bad": ["4"],
  slightly: ["Z"],
  much: ["X"],
  submit: ["Enter"],
  skip: ["S"],
  undo: ["U"],
  rationale: ["R"],
  guidelines: ["G", "?"],
  raw: ["M"],
  sync: ["Y"],
  "left-pane": ["ArrowLeft"],
  "right-pane": ["ArrowRight"],
  escape: ["Escape"],
};

const notTyped = new Set(["checkbox", "radio", "button", "submit", "reset"]);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !notTyped.has(target.type);
  return target.closest("textarea, select, [contenteditable='true']") !== null;
}

/** Enter on a link, a button or a disclosure does what it says there, except on the judging buttons. */
function enterBelongsTo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const control = target.closest("a, button, summary, select, input, textarea, [role='button']");
  return control !== null && !control.hasAttribute("data-enter-submits");
}

/**
 * Single keys for the judging screen. Ignored while typing (Escape leaves the field; Ctrl/⌘+Enter submits
 * from it), with Ctrl, ⌘ or Alt held (the browser's shortcuts keep working) and on auto-repeat (holding 1
 * must not judge a whole campaign).
 */
export function useAnnotateKeys(onCommand: (command: AnnotateCommand, event: KeyboardEvent) => void, enabled: boolean) {
  const handler = useRef(onCommand);
  handler.current = onCommand;

  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      const key = event.key.toLowerCase();
      if (key === "enter" && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        if (!event.repeat) handler.current("submit", event);
        return;
      }
      if (event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
      // Shift is how "?" is typed; with any other key it is the browser's or the field's.
      if (event.shiftKey && key !== "?") return;
      if (isTyping(event.target)) {
        if (key === "escape") handler.current("escape", event);
        return;
      }
      if (key === "enter" && enterBelongsTo(event.target)) return;
      const command = annotateKeys[key];
      if (!command) return;
      event.preventDefault();
      handler.current(command, event);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
