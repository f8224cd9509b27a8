import { t } from "../../common/i18n";
interface Props {
  id: string;
  plan: string;
  write: string;
  onPlan: (value: string) => void;
  onWrite: (value: string) => void;
}

/** AgentWrite's two prompts; empty ones fall back to the defaults on the server. */
export function TemplateFields({ id, plan, write, onPlan, onWrite }: Props) {
  return (
    <fieldset className="form-fieldset">
      <legend>{t("AgentWrite templates (optional)")}</legend>
      <p id={`${id}-templates-hint`} className="hint">
        {t("Placeholders:")} <code>$INST$</code> {t("for the plan;")} <code>$INST$</code> <code>$PLAN$</code> <code>$TEXT$</code>{" "}
        <code>$STEP$</code> {t("for writing. Leave empty for longpref's defaults.")}
      </p>
      <div className="field">
        <label htmlFor={`${id}-plan`}>{t("Plan template")}</label>
        <textarea
          id={`${id}-plan`}
          rows={5}
          className="mono-input"
          aria-describedby={`${id}-templates-hint`}
          value={plan}
          onChange={(e) => onPlan(e.target.value)}
        />
      </div>
      <div className="field field-spaced">
        <label htmlFor={`${id}-write`}>{t("Write template")}</label>
        <textarea
          id={`${id}-write`}
          rows={7}
          className="mono-input"
          aria-describedby={`${id}-templates-hint`}
          value={write}
          onChange={(e) => onWrite(e.target.value)}
        />
      </div>
    </fieldset>
  );
}
