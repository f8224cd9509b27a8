import { t } from "../../common/i18n";
import type { InputHTMLAttributes } from "react";
import type { LengthRange } from "../../../../shared/schemas/instruction";
import { proposalStatuses, type ProposalStatus } from "../../../../shared/schemas/pairs";
import { offlineSignalNames } from "../../../../shared/scoring/offline-signals";
import { hasMargins, takesStatuses, type ExportDraft } from "./export-query";
import { flagNames } from "../../common/components/sample-facts";

interface Props {
  id: string;
  value: ExportDraft;
  onChange: (value: ExportDraft) => void;
  /** The length ranges of the chosen run's or campaign's set. */
  lengthRanges: LengthRange[];
  /** A verify-pairs campaign's k: what `min_votes` defaults to when confirming from it. */
  defaultVotes: number | undefined;
}

/** The status words in the interface language (called at render time). */
const statusNames = (): Record<ProposalStatus, string> => ({
  proposed: t("proposed"),
  "judge-confirmed": t("judge-confirmed"),
  accepted: t("accepted"),
  rejected: t("rejected"),
  confirmed: t("confirmed"),
  overturned: t("overturned"),
});

function toggle<T>(values: ReadonlySet<T>, value: T, on: boolean): ReadonlySet<T> {
  const next = new Set(values);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}

/** Which rows to keep; only the filters the source can take are shown (the server refuses the others). */
export function ExportFilterFields({ id, value, onChange, lengthRanges, defaultVotes }: Props) {
  const set = <K extends keyof ExportDraft>(key: K, v: ExportDraft[K]) => onChange({ ...value, [key]: v });
  const numberField = (
    key: "minMargin" | "minAgreement" | "minVotes" | "minConfidence",
    label: string,
    hint: string,
    attrs: InputHTMLAttributes<HTMLInputElement>,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="number"
        inputMode="decimal"
        aria-describedby={`${id}-${key}-hint`}
        value={value[key]}
        onChange={(e) => set(key, e.target.value)}
        {...attrs}
      />
      <span id={`${id}-${key}-hint`} className="hint">
        {hint}
      </span>
    </div>
  );

  const weighted = value.from === "judgments" && value.majority === "weighted";

  return (
    <fieldset className="form-fieldset">
      <legend>{t("Filters")}</legend>
      <div className="form-grid">
        {value.from === "judgments" && (
          <div className="field">
            <label htmlFor={`${id}-majority`}>{t("Majority")}</label>
            <select
              id={`${id}-majority`}
              value={value.majority}
              aria-describedby={`${id}-majority-hint`}
              onChange={(e) => set("majority", e.target.value as ExportDraft["majority"])}
            >
              <option value="votes">{t("By votes")}</option>
              <option value="weighted">{t("Weighted by annotator reliability")}</option>
            </select>
            <span id={`${id}-majority-hint`} className="hint">
              {weighted
                ? t(
                    "Dawid–Skene's verdict of highest posterior, each annotator weighted by how often their verdicts are right; agreement is that posterior probability.",
                  )
                : t("The verdict given by more judgments than any other.")}
            </span>
          </div>
        )}
        {weighted &&
          numberField(
            "minConfidence",
            t("Least confidence"),
            t("Posterior probability of the pair's direction: 0.9 keeps pairs the model is 90% sure of."),
            {
              min: 0,
              max: 1,
              step: 0.01,
            },
          )}
        {value.from === "sft" && (
          <div className="field">
            <label htmlFor={`${id}-sft`}>{t("Examples")}</label>
            <select id={`${id}-sft`} value={value.sft} onChange={(e) => set("sft", e.target.value as ExportDraft["sft"])}>
              <option value="best">{t("Each instruction's best sample (highest S)")}</option>
              <option value="chosen">{t("The chosen of each proposal")}</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-range`}>{t("Length range")}</label>
          <select id={`${id}-range`} value={value.lengthRange} onChange={(e) => set("lengthRange", e.target.value)}>
            <option value="">{t("Any")}</option>
            {lengthRanges.map((r) => (
              <option key={r.label} value={r.label}>
                {r.label}
              </option>
            ))}
            <option value="none">{t("No length stated")}</option>
          </select>
        </div>
        {hasMargins(value.from) && (
          <>
            {numberField("minMargin", t("Least margin"), t("S(chosen) − S(rejected), in S points (0–100); pairs without scores fail it."), {
              step: "any",
            })}
            {!weighted &&
              numberField("minAgreement", t("Least agreement"), t("Share of judgments agreeing with the pair: 0.67 keeps 2 of 3."), {
                min: 0,
                max: 1,
                step: 0.01,
              })}
            {numberField(
              "minVotes",
              t("Least votes"),
              defaultVotes
                ? t("Judgments per comparison; this campaign's k ({{k}}) when empty.", { k: defaultVotes })
                : t("Judgments per comparison."),
              {
                min: 1,
                max: 1000,
                step: 1,
                placeholder: defaultVotes ? String(defaultVotes) : undefined,
              },
            )}
          </>
        )}
      </div>

      {takesStatuses(value) && (
        <div className="exclude-flags" role="group" aria-labelledby={`${id}-statuses-label`}>
          <span id={`${id}-statuses-label`} className="field-label">
            {t("Proposals that are")}
          </span>
          {proposalStatuses.map((s) => (
            <label key={s} className="checkbox-field">
              <input
                type="checkbox"
                checked={value.statuses.has(s)}
                onChange={(e) => set("statuses", toggle<ProposalStatus>(value.statuses, s, e.target.checked))}
              />
              <span>{statusNames()[s]}</span>
            </label>
          ))}
        </div>
      )}
      <div className="exclude-flags" role="group" aria-labelledby={`${id}-flags-label`}>
        <span id={`${id}-flags-label`} className="field-label">
          {t("Leave out samples flagged")}
        </span>
        <label className="checkbox-field">
          <input type="checkbox" checked={value.excludeAnyFlag} onChange={(e) => set("excludeAnyFlag", e.target.checked)} />
          <span>{t("with any flag")}</span>
        </label>
        {offlineSignalNames.map((f) => (
          <label key={f} className="checkbox-field" title={flagNames[f] ? t(flagNames[f].title) : undefined}>
            <input
              type="checkbox"
              disabled={value.excludeAnyFlag}
              checked={value.excludeAnyFlag || value.excludeFlags.has(f)}
              onChange={(e) => set("excludeFlags", toggle(value.excludeFlags, f, e.target.checked))}
            />
            <span>{t(flagNames[f]?.label ?? f)}</span>
          </label>
        ))}
      </div>
      {value.from === "judgments" && !weighted && (
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={value.perJudgment}
            aria-describedby={`${id}-per-judgment-hint`}
            onChange={(e) => set("perJudgment", e.target.checked)}
          />
          <span>{t("One pair per winning judgment")}</span>
          <span id={`${id}-per-judgment-hint`} className="hint">
            {t("instead of one per comparison by majority")}
          </span>
        </label>
      )}
      {value.from === "battles" && (
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={value.bothBadAsTie}
            aria-describedby={`${id}-both-bad-hint`}
            onChange={(e) => set("bothBadAsTie", e.target.checked)}
          />
          <span>{t("Write both-bad as “tie”")}</span>
          <span id={`${id}-both-bad-hint`} className="hint">
            {t("for readers that know three winners only;")} <code>longpref stats</code> {t("already counts both-bad as a tie")}
          </span>
        </label>
      )}
      {value.from === "battles" && (
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={value.includeVerifyPairs}
            aria-describedby={`${id}-verify-pairs-hint`}
            onChange={(e) => set("includeVerifyPairs", e.target.checked)}
          />
          <span>{t("Include verify-pairs campaigns")}</span>
          <span id={`${id}-verify-pairs-hint`} className="hint">
            {t("their judgments compare two samples of one model: FastChat counts them as self-battles and")} <code>longpref stats</code>{" "}
            {t("refuses them")}
          </span>
        </label>
      )}
    </fieldset>
  );
}
