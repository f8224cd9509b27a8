import { t } from "../../common/i18n";
import type { ReactNode } from "react";
import type { Campaign } from "../../../../shared/schemas/campaigns";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { countOf } from "../../common/format";
import { exportSources, type ExportSource } from "./export-query";

// A function, called at render time, so the words follow the interface language.
export const sourceLabels = (): Record<ExportSource, { label: string; note: ReactNode }> => ({
  proposals: {
    label: t("Proposals of a pair run"),
    note: t("The run's pairs in the statuses you tick, as its scores put them, reviewed or not."),
  },
  confirmed: {
    label: t("Pairs confirmed by annotators"),
    note: t("A run's proposals that human judgments confirmed, or the pairs a verify-pairs campaign's majority confirms."),
  },
  judgments: {
    label: t("Human judgments as pairs"),
    note: t("A campaign's comparisons, the winner chosen by majority (or per judgment); ties and both-bad never become pairs."),
  },
  sft: {
    label: t("SFT examples"),
    note: t("LongWriter-6k-style examples from a run: each instruction's best sample, or each proposal's chosen."),
  },
  battles: {
    label: t("Battle records"),
    note: (
      <>
        {t("Every judgment of a campaign as one record, for")} <code>longpref stats</code> {t("or your own analysis.")}
      </>
    ),
  },
});

export interface ScopeGroup {
  label: string;
  options: { value: string; label: string; setId: number }[];
}

/** What each source can be read from: pair runs, campaigns, or a set standing for its newest run / all its campaigns. */
export function scopeGroups(from: ExportSource, runs: PairRun[], campaigns: Campaign[], sets: InstructionSet[]): ScopeGroup[] {
  const runGroup: ScopeGroup = {
    label: t("Pair runs"),
    options: runs.map((r) => ({
      value: `run:${r.id}`,
      label: `#${r.id} · ${r.set_name} · ${r.judge_model_name} · ${countOf(r.proposals, "proposal")}`,
      setId: r.set_id,
    })),
  };
  const campaignGroup = (list: Campaign[]): ScopeGroup => ({
    label: t("Campaigns"),
    options: list.map((c) => ({
      value: `campaign:${c.id}`,
      label: `${c.name} · ${c.kind} · ${countOf(c.judgments, "judgment")}`,
      setId: c.set_id,
    })),
  });
  const setGroup = (label: string, having: { set_id: number }[], prefix: string): ScopeGroup => ({
    label,
    options: sets
      .filter((s) => having.some((h) => h.set_id === s.id))
      .map((s) => ({ value: `set:${s.id}`, label: `${prefix} “${s.name}”`, setId: s.id })),
  });
  const newestRuns = setGroup(t("Instruction sets"), runs, t("The newest run of"));
  const groups =
    from === "proposals" || from === "sft"
      ? [runGroup, newestRuns]
      : from === "confirmed"
        ? [runGroup, campaignGroup(campaigns.filter((c) => c.kind === "verify-pairs")), newestRuns]
        : [campaignGroup(campaigns), setGroup(t("Instruction sets"), campaigns, t("Every campaign of"))];
  return groups.filter((g) => g.options.length > 0);
}

const scopeLabel = (from: ExportSource) =>
  from === "judgments" || from === "battles" ? t("Campaign") : from === "confirmed" ? t("Pair run or campaign") : t("Pair run");

interface Props {
  id: string;
  from: ExportSource;
  onFromChange: (from: ExportSource) => void;
  groups: ScopeGroup[];
  /** The choice in effect: the draft's if it fits the source, else the first. */
  scope: string;
  onScopeChange: (scope: string) => void;
}

/** What to export and where it comes from. */
export function ExportSourceFields({ id, from, onFromChange, groups, scope, onScopeChange }: Props) {
  const byCampaign = from === "judgments" || from === "battles";
  return (
    <>
      <fieldset className="form-fieldset">
        <legend>{t("What to export")}</legend>
        <div className="strategy-choices">
          {exportSources.map((s) => (
            <div key={s} className="strategy-choice export-choice">
              <label className="checkbox-field">
                <input
                  type="radio"
                  name={`${id}-from`}
                  value={s}
                  checked={from === s}
                  aria-describedby={`${id}-${s}-note`}
                  onChange={() => onFromChange(s)}
                />
                <span>{sourceLabels()[s].label}</span>
              </label>
              <span id={`${id}-${s}-note`} className="hint">
                {sourceLabels()[s].note}
              </span>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        {groups.length === 0 ? (
          <p className="muted field-wide">
            {byCampaign
              ? t("No campaigns yet: create one on the Campaigns page.")
              : t("No pair runs yet: propose pairs on the Pairs page.")}
          </p>
        ) : (
          <div className="field field-wide export-scope">
            <label htmlFor={`${id}-scope`}>{scopeLabel(from)}</label>
            <select id={`${id}-scope`} value={scope} onChange={(e) => onScopeChange(e.target.value)}>
              {groups.map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        )}
      </div>
    </>
  );
}
