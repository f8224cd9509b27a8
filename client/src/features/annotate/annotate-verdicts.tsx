import type { RefObject } from "react";
import type { AnnotatorCampaign, Verdict } from "../../../../shared/schemas/campaigns";
import { keysOf, type AnnotateCommand } from "./hooks/use-annotate-keys";
import type { Margin } from "./hooks/use-annotation-session";

/** The judgment being made on screen, before it is submitted. */
export interface Draft {
  verdict: Verdict | null;
  margin: Margin | null;
  rationale: string;
}
export const emptyDraft: Draft = { verdict: null, margin: null, rationale: "" };

type Settings = AnnotatorCampaign["settings"];

const verdictButtons: { verdict: Verdict; label: string }[] = [
  { verdict: "left", label: "Left better" },
  { verdict: "tie", label: "Tie" },
  { verdict: "right", label: "Right better" },
  { verdict: "both-bad", label: "Both bad" },
];

export const verdictAllowed = (settings: Settings, verdict: Verdict) =>
  verdict === "tie" ? settings.allow_tie : verdict === "both-bad" ? settings.allow_both_bad : true;

export const hasWinner = (verdict: Verdict | null) => verdict === "left" || verdict === "right";

/** What still stands between the draft and submitting it, in words for the status line; null when ready. */
export function missingFor(settings: Settings, draft: Draft): string | null {
  if (draft.verdict === null) return "Choose a verdict first: 1 left, 2 tie, 3 right, 4 both bad.";
  if (settings.ask_margin && hasWinner(draft.verdict) && draft.margin === null) return "Say how much better: Z slightly, X much.";
  if (settings.rationale === "required" && draft.rationale.trim() === "") return "This campaign asks for a rationale (R to write it).";
  return null;
}

/** A button showing its key, announced through aria-keyshortcuts. Enter on it submits, like everywhere. */
function KeyedButton({
  command,
  label,
  pressed,
  disabled,
  onClick,
  className,
  title,
}: {
  command: AnnotateCommand;
  label: string;
  pressed?: boolean;
  disabled?: boolean;
  onClick: () => void;
  className?: string;
  title?: string;
}) {
  const keys = keysOf[command];
  return (
    <button
      type="button"
      className={className}
      aria-pressed={pressed}
      aria-keyshortcuts={keys.join(" ")}
      title={`${title ?? label} (${keys.join(" or ")})`}
      disabled={disabled}
      onClick={onClick}
      data-enter-submits={pressed === undefined ? undefined : ""}
    >
      {label}
      <kbd aria-hidden="true">{keys[0] === "Enter" ? "⏎" : keys[0]}</kbd>
    </button>
  );
}

interface Props {
  settings: Settings;
  draft: Draft;
  onDraft: (draft: Draft) => void;
  /** Nothing can be decided now (a judgment on its way, the next item loading). */
  inert: boolean;
  onSubmit: () => void;
  onSkip: () => void;
  canUndo: boolean;
  onUndo: () => void;
  undoTitle: string;
  rationaleRef: RefObject<HTMLTextAreaElement | null>;
}

/** Verdict, margin, rationale, then submit, skip and undo: every one reachable with a single key. */
export function AnnotateVerdicts({ settings, draft, onDraft, inert, onSubmit, onSkip, canUndo, onUndo, undoTitle, rationaleRef }: Props) {
  const ready = !inert && missingFor(settings, draft) === null;
  const marginOpen = settings.ask_margin && hasWinner(draft.verdict);
  return (
    <div className="annotate-verdicts">
      <div className="annotate-verdict-buttons" role="group" aria-label="Verdict">
        {verdictButtons
          .filter((b) => verdictAllowed(settings, b.verdict))
          .map((b) => (
            <KeyedButton
              key={b.verdict}
              command={b.verdict}
              label={b.label}
              pressed={draft.verdict === b.verdict}
              disabled={inert}
              className={`verdict-${b.verdict}`}
              onClick={() => onDraft({ ...draft, verdict: b.verdict })}
            />
          ))}
      </div>
      {settings.ask_margin && (
        <div className="annotate-margin" role="group" aria-label="How much better">
          {(["slightly", "much"] as const).map((margin) => (
            <KeyedButton
              key={margin}
              command={margin}
              label={margin === "slightly" ? "Slightly" : "Much"}
              title={margin === "slightly" ? "Slightly better" : "Much better"}
              pressed={marginOpen && draft.margin === margin}
              disabled={inert || !marginOpen}
              onClick={() => onDraft({ ...draft, margin })}
            />
          ))}
        </div>
      )}
      {settings.rationale !== "off" && (
        <label className="annotate-rationale">
          <span className="visually-hidden">Rationale{settings.rationale === "required" ? " (required)" : " (optional)"}</span>
          <textarea
            ref={rationaleRef}
            rows={2}
            value={draft.rationale}
            maxLength={10_000}
            placeholder={`Rationale${settings.rationale === "required" ? " (required)" : " (optional)"} · R to write, Ctrl+Enter or ⌘+Enter to submit, Esc to leave`}
            aria-keyshortcuts="R"
            required={settings.rationale === "required"}
            onChange={(e) => onDraft({ ...draft, rationale: e.target.value })}
          />
        </label>
      )}
      <div className="annotate-actions">
        <KeyedButton
          command="submit"
          label="Submit"
          className="button-primary"
          disabled={!ready}
          onClick={onSubmit}
          title="Submit the judgment"
        />
        <KeyedButton
          command="skip"
          label="Skip"
          className="button-quiet"
          disabled={inert}
          onClick={onSkip}
          title="Skip this item: it is not shown to you again"
        />
        <KeyedButton command="undo" label="Undo" className="button-quiet" disabled={!canUndo} onClick={onUndo} title={undoTitle} />
      </div>
    </div>
  );
}
