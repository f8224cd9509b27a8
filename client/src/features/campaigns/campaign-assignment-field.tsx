import { t } from "../../common/i18n";
import { assignmentModes, type CampaignSettings } from "../../../../shared/schemas/campaigns";

type Assignment = CampaignSettings["assignment"];

const labels = (): Record<Assignment, string> => ({ uniform: t("Uniform"), adaptive: t("Adaptive") });
const hints = (): Record<Assignment, string> => ({
  uniform: t("Every comparison gets its turn: least judged first."),
  adaptive: t("More judgments where the widest interval is; figures are reweighted so they stay unbiased."),
});

interface Props {
  id: string;
  value: Assignment;
  onChange: (value: Assignment) => void;
}

/** How the queue chooses the next comparison (decision 038): one select and what the choice means. */
export function CampaignAssignmentField({ id, value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor={`${id}-assignment`}>{t("Assignment")}</label>
      <select
        id={`${id}-assignment`}
        value={value}
        aria-describedby={`${id}-assignment-hint`}
        onChange={(e) => onChange(e.target.value as Assignment)}
      >
        {assignmentModes.map((m) => (
          <option key={m} value={m}>
            {labels()[m]}
          </option>
        ))}
      </select>
      <span id={`${id}-assignment-hint`} className="hint">
        {hints()[value]}
      </span>
    </div>
  );
}
