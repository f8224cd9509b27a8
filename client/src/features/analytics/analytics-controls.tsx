import { t } from "../../common/i18n";
import type { Campaign } from "../../../../shared/schemas/campaigns";
import { formatNumber } from "../../common/format";
import { AnalyticsOptions, type Options } from "./analytics-options";

interface Props {
  campaigns: Campaign[];
  picked: number[];
  onPick: (ids: number[]) => void;
  /** The reference asked for in the URL; undefined lets the server pick. */
  reference: string | undefined;
  referenceOptions: string[];
  /** The reference the server picked, when none is asked for. */
  defaultReference: string | undefined;
  onReference: (name: string | undefined) => void;
  options: Options;
  onOptions: (options: Options) => void;
}

const kindNote = () => ({ "vs-reference": t("vs reference"), custom: t("custom"), "verify-pairs": t("verify pairs") });

/** Which campaigns' judgments to pool, against which reference, and how the intervals are drawn. */
export function AnalyticsControls(props: Props) {
  const { campaigns, picked, onPick, reference, referenceOptions, defaultReference, onReference } = props;
  const toggle = (id: number, on: boolean) => onPick(on ? [...picked, id].sort((a, b) => a - b) : picked.filter((p) => p !== id));
  return (
    <div className="panel analytics-controls">
      <fieldset className="analytics-campaigns">
        <legend>{t("Campaigns")}</legend>
        <div className="analytics-campaign-list">
          {campaigns.map((c) => (
            <label key={c.id} className="checkbox-field">
              <input type="checkbox" checked={picked.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
              <span>{c.name}</span>
              <span className="badge">{kindNote()[c.kind]}</span>
              <span className="muted analytics-campaign-count">{t("{{n}} judgments", { n: formatNumber(c.judgments) })}</span>
            </label>
          ))}
        </div>
        <p className="hint">
          {t(
            "Judgments of the campaigns picked are pooled. Verify-pairs campaigns count only where the two outputs come from different models.",
          )}
        </p>
      </fieldset>
      <div className="analytics-control-row">
        <div className="field analytics-reference">
          <label htmlFor="analytics-reference">{t("Reference model")}</label>
          <select id="analytics-reference" value={reference ?? ""} onChange={(e) => onReference(e.target.value || undefined)}>
            <option value="">
              {defaultReference ? t("{{model}} (default)", { model: defaultReference }) : t("The campaign's reference (default)")}
            </option>
            {referenceOptions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <AnalyticsOptions key={`${props.options.rounds}:${props.options.seed}`} options={props.options} onApply={props.onOptions} />
      </div>
    </div>
  );
}
