import type { RefObject } from "react";
import type { AnnotatorCampaign, Verdict } from "../../../../shared/schemas/campaigns";
import { t } from "../../common/i18n";
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

const verdictButtons = (): { verdict: Verdict; label: string }[] => [
  { verdict: "left", label: t("Left better") },
  { verdict: "tie", label: t("Tie") },
  { verdict: "right", label: t("Right better") },
  { verdict: "both-bad", label: t("Both bad") },
];

export const verdictAllowed = (settings: Settings, verdict: Verdict) =>
  verdict === "tie" ? settings.allow_tie : verdict === "both-bad" ? settings.allow_both_bad : true;

export const hasWinner = (verdict: Verdict | null) => verdict === "left" || verdict === "right";

/** What still stands between the draft and submitting it, in words for the status line; null when ready. */
export function missingFor(settings: Settings, draft: Draft): string | null {
  if (draft.verdict === null) return t("Choose a verdict first: 1 left, 2 tie, 3 right, 4 both bad.");
  if (settings.ask_margin && hasWinner(draft.verdict) && draft.margin === null) return t("Say how much better: Z slightly, X much.");
  if (settings.rationale === "required" && draft.rationale.trim() === "") return t("This campaign asks for a rationale (R to write it).");
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
      title={`${title ?? label} (${keys.join(` ${t("or")} `)})`}
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
  // Phones fold an empty optional rationale behind a button (annotate-layout.css): the answers get its height.
  const rationaleFolded = settings.rationale === "optional" && draft.rationale === "";
  return (
    <div className="annotate-verdicts">
      <div className="annotate-verdict-buttons" role="group" aria-label={t("Verdict")}>
        {verdictButtons()
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
        <div className={`annotate-margin${marginOpen ? "" : " annotate-margin-closed"}`} role="group" aria-label={t("How much better")}>
          {(["slightly", "much"] as const).map((margin) => (
            <KeyedButton
              key={margin}
              command={margin}
              label={margin === "slightly" ? t("Slightly") : t("Much")}
              title={margin === "slightly" ? t("Slightly better") : t("Much better")}
              pressed={marginOpen && draft.margin === margin}
              disabled={inert || !marginOpen}
              onClick={() => onDraft({ ...draft, margin })}
            />
          ))}
        </div>
      )}
      {settings.rationale !== "off" && (
        <label className={`annotate-rationale${rationaleFolded ? " annotate-rationale-folded" : ""}`}>
          <span className="visually-hidden">
            {settings.rationale === "required" ? t("Rationale (required)") : t("Rationale (optional)")}
          </span>
          <textarea
            ref={rationaleRef}
            rows={2}
            value={draft.rationale}
            maxLength={10_000}
            placeholder={`${settings.rationale === "required" ? t("Rationale (required)") : t("Rationale (optional)")} · ${t("R to write, Ctrl+Enter or ⌘+Enter to submit, Esc to leave")}`}
            aria-keyshortcuts="R"
            required={settings.rationale === "required"}
            onChange={(e) => onDraft({ ...draft, rationale: e.target.value })}
          />
        </label>
      )}
      <div className="annotate-actions">
        <KeyedButton
          command="submit"
          label={t("Submit")}
          className="button-primary"
          disabled={!ready}
          onClick={onSubmit}
          title={t("Submit the judgment")}
        />
        <KeyedButton
          command="skip"
          label={t("Skip")}
          className="button-quiet"
          disabled={inert}
          onClick={onSkip}
          title={t("Skip this item: it is not shown to you again")}
        />
        <KeyedButton command="undo" label={t("Undo")} className="button-quiet" disabled={!canUndo} onClick={onUndo} title={undoTitle} />
        {rationaleFolded && (
          <button
            type="button"
            className="button-quiet annotate-rationale-open"
            disabled={inert}
            onClick={() => rationaleRef.current?.focus()}
          >
            {t("Rationale")}
          </button>
        )}
      </div>
    </div>
  );
}
