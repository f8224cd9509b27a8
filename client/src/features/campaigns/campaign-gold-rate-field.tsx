import { t } from "../../common/i18n";

interface Props {
  id: string;
  /** As typed: blank leaves the server's default (no gold pairs). */
  value: string;
  onChange: (value: string) => void;
}

/** settings.gold_rate (docs/decisions/039-gold-pairs.md): the share of items that are gold pairs, 0 to 0.3. */
export function CampaignGoldRateField({ id, value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor={`${id}-gold-rate`}>{t("Gold pairs (share of items)")}</label>
      <input
        id={`${id}-gold-rate`}
        type="number"
        min={0}
        max={0.3}
        step={0.05}
        placeholder="0"
        aria-describedby={`${id}-gold-rate-hint`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-gold-rate-hint`} className="hint">
        {t("0 to 0.3: pairs with a known answer, mixed in unseen, that measure each annotator's accuracy.")}
      </span>
    </div>
  );
}
