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
      <legend>AgentWrite templates (optional)</legend>
      <p id={`${id}-templates-hint`} className="hint">
        Placeholders: <code>$INST$</code> for the plan; <code>$INST$</code> <code>$PLAN$</code> <code>$TEXT$</code> <code>$STEP$</code> for
        writing. Leave empty for longpref&apos;s defaults.
      </p>
      <div className="field">
        <label htmlFor={`${id}-plan`}>Plan template</label>
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
        <label htmlFor={`${id}-write`}>Write template</label>
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
