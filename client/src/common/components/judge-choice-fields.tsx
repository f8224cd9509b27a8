import type { JudgeTemplate } from "../../../../shared/schemas/judging";
import type { Model } from "../../../../shared/schemas/model";
import { shortHash } from "./judge-score-parts";
import { t } from "../i18n";

interface JudgeProps {
  /** The form's useId: the select is `${id}-judge`. */
  id: string;
  judges: Model[];
  value: string;
  onChange: (judgeId: string) => void;
}

/** Which model judges (or judged) the samples. */
export function JudgeModelField({ id, judges, value, onChange }: JudgeProps) {
  return (
    <div className="field">
      <label htmlFor={`${id}-judge`}>{t("Judge model")}</label>
      <select id={`${id}-judge`} required value={value} onChange={(e) => onChange(e.target.value)}>
        {judges.map((m) => (
          <option key={m.id} value={String(m.id)}>
            {m.name}
          </option>
        ))}
      </select>
    </div>
  );
}

interface TemplateProps {
  /** The form's useId: the select is `${id}-template`. */
  id: string;
  templates: JudgeTemplate[];
  value: string;
  onChange: (templateId: string) => void;
}

/** Which judge template, each named with its short hash. */
export function JudgeTemplateField({ id, templates, value, onChange }: TemplateProps) {
  return (
    <div className="field">
      <label htmlFor={`${id}-template`}>{t("Judge template")}</label>
      <select id={`${id}-template`} required value={value} onChange={(e) => onChange(e.target.value)}>
        {templates.map((tpl) => (
          <option key={tpl.id} value={String(tpl.id)}>
            {tpl.name} ({shortHash(tpl.hash)})
          </option>
        ))}
      </select>
    </div>
  );
}
