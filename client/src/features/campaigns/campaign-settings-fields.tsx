import { t } from "../../common/i18n";
import { CampaignSettingsSchema, rationaleModes, type CampaignSettings } from "../../../../shared/schemas/campaigns";
import { AdaptiveKFields } from "./adaptive-k-fields";
import { CampaignAssignmentField } from "./campaign-assignment-field";
import { CampaignGoldRateField } from "./campaign-gold-rate-field";
import { CampaignGuidelinesField } from "./campaign-guidelines-field";

type Rationale = CampaignSettings["rationale"];
type Flag = "allow_tie" | "allow_both_bad" | "ask_margin" | "show_scores" | "show_word_counts";

/** The settings as the form holds them: numbers as typed, so a cleared field is not a 0. */
export type CampaignSettingsDraft = Omit<
  CampaignSettings,
  "judgments_per_comparison" | "lease_minutes" | "k_min" | "k_max" | "gold_rate"
> & {
  judgments_per_comparison: string;
  lease_minutes: string;
  /** Adaptive k (blank: a fixed k). */
  k_min: string;
  k_max: string;
  /** Share of gold pairs, 0–0.3 (blank: none). */
  gold_rate: string;
};

const defaults = CampaignSettingsSchema.parse({});
export const defaultSettingsDraft: CampaignSettingsDraft = {
  ...defaults,
  judgments_per_comparison: String(defaults.judgments_per_comparison),
  lease_minutes: String(defaults.lease_minutes),
  k_min: "",
  k_max: "",
  gold_rate: "",
};

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** The request's settings; blank numbers are left to the server's defaults. */
export function settingsBody(draft: CampaignSettingsDraft) {
  return {
    ...draft,
    judgments_per_comparison: optionalNumber(draft.judgments_per_comparison),
    lease_minutes: optionalNumber(draft.lease_minutes),
    k_min: optionalNumber(draft.k_min),
    k_max: optionalNumber(draft.k_max),
    gold_rate: optionalNumber(draft.gold_rate),
  };
}

// Functions, called at render time, so the words follow the interface language.
export const rationaleLabels = (): Record<Rationale, string> => ({
  off: t("Off: no rationale box"),
  optional: t("Optional"),
  required: t("Required with every verdict"),
});

const flags = (): { key: Flag; label: string; hint: string }[] => [
  { key: "allow_tie", label: t("Allow “tie”"), hint: t("Without it, annotators must pick a side.") },
  { key: "allow_both_bad", label: t("Allow “both bad”"), hint: t("Neither answer is acceptable.") },
  { key: "ask_margin", label: t("Ask the margin"), hint: t("Slightly or much better.") },
  {
    key: "show_scores",
    label: t("Show scores"),
    hint: t("S_l, and S_q where a judge scored the sample: may anchor annotators."),
  },
  { key: "show_word_counts", label: t("Show word counts"), hint: t("Helps with length requirements.") },
];

interface Props {
  id: string;
  value: CampaignSettingsDraft;
  onChange: (value: CampaignSettingsDraft) => void;
}

/** How annotators judge and what they see: k, guidelines, the verdicts allowed, the lease. */
export function CampaignSettingsFields({ id, value, onChange }: Props) {
  const set = <K extends keyof CampaignSettingsDraft>(key: K, v: CampaignSettingsDraft[K]) => onChange({ ...value, [key]: v });
  return (
    <fieldset className="form-fieldset">
      <legend>{t("Settings")}</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-k`}>{t("Judgments per comparison (k)")}</label>
          <input
            id={`${id}-k`}
            type="number"
            min={1}
            max={20}
            step={1}
            required
            aria-describedby={`${id}-k-hint`}
            value={value.judgments_per_comparison}
            onChange={(e) => set("judgments_per_comparison", e.target.value)}
          />
          <span id={`${id}-k-hint`} className="hint">
            {t("Each comparison is judged by k different annotators; an odd k always has a majority.")}
          </span>
        </div>
        <AdaptiveKFields id={id} value={value} set={set} />
        <div className="field">
          <label htmlFor={`${id}-rationale`}>{t("Rationale")}</label>
          <select id={`${id}-rationale`} value={value.rationale} onChange={(e) => set("rationale", e.target.value as Rationale)}>
            {rationaleModes.map((m) => (
              <option key={m} value={m}>
                {rationaleLabels()[m]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-lease`}>{t("Lease (minutes)")}</label>
          <input
            id={`${id}-lease`}
            type="number"
            min={1}
            max={24 * 60}
            step={1}
            required
            aria-describedby={`${id}-lease-hint`}
            value={value.lease_minutes}
            onChange={(e) => set("lease_minutes", e.target.value)}
          />
          <span id={`${id}-lease-hint`} className="hint">
            {t("An item left this long goes back to the queue.")}
          </span>
        </div>
        <CampaignAssignmentField id={id} value={value.assignment} onChange={(a) => set("assignment", a)} />
        <CampaignGoldRateField id={id} value={value.gold_rate} onChange={(g) => set("gold_rate", g)} />
      </div>
      <div className="campaign-flags">
        {flags().map((f) => (
          <div key={f.key} className="campaign-flag">
            <label className="checkbox-field">
              <input
                type="checkbox"
                checked={value[f.key]}
                aria-describedby={`${id}-${f.key}-hint`}
                onChange={(e) => set(f.key, e.target.checked)}
              />
              <span>{f.label}</span>
            </label>
            <span id={`${id}-${f.key}-hint`} className="hint">
              {f.hint}
            </span>
          </div>
        ))}
      </div>
      <div className="form-grid">
        <CampaignGuidelinesField id={id} value={value.guidelines} onChange={(g) => set("guidelines", g)} />
      </div>
    </fieldset>
  );
}
