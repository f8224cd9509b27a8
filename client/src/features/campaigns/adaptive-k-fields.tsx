import { t } from "../../common/i18n";
import type { CampaignSettingsDraft } from "./campaign-settings-fields";

interface Props {
  id: string;
  value: CampaignSettingsDraft;
  set: <K extends "k_min" | "k_max">(key: K, v: CampaignSettingsDraft[K]) => void;
}

/** Adaptive k (docs/decisions/037-adaptive-k.md): k_min and k_max; both blank keep the fixed k above. */
export function AdaptiveKFields({ id, value, set }: Props) {
  const field = (key: "k_min" | "k_max", label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="number"
        min={1}
        max={20}
        step={1}
        placeholder={value.judgments_per_comparison}
        aria-describedby={`${id}-adaptive-k-hint`}
        value={value[key]}
        onChange={(e) => set(key, e.target.value)}
      />
    </div>
  );
  return (
    <fieldset className="form-fieldset">
      <legend>{t("Adaptive k")}</legend>
      {field("k_min", t("At least (k_min)"))}
      {field("k_max", t("At most (k_max)"))}
      <span id={`${id}-adaptive-k-hint`} className="hint">
        {t("A comparison stops once the judgments left up to k_max can no longer change its leading verdict. Blank: always k.")}
      </span>
    </fieldset>
  );
}
