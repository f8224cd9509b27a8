import { t } from "../../common/i18n";
import { useId, useState } from "react";
import type { JudgeTemplate } from "../../../../shared/schemas/judging";
import { api, asApiError, OkSchema, type ApiRequestError } from "../../common/api";
import { formatDateTime } from "../../common/format";
import { ErrorAlert } from "../../common/components/error-alert";
import { JudgeTemplateForm } from "./judge-template-form";
import { shortHash } from "../../common/components/judge-score-parts";
import { Notice } from "../../common/components/notice";

/** The judge templates: the builtin one and custom ones, each text readable; custom ones can be added and deleted. */
export function JudgeTemplates({ templates, onChanged }: { templates: JudgeTemplate[]; onChanged: () => void }) {
  const id = useId();
  const [shownId, setShownId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<ApiRequestError | undefined>();
  const shown = templates.find((tpl) => tpl.id === shownId);

  async function onDelete(template: JudgeTemplate) {
    if (!window.confirm(t('Delete the judge template "{{name}}"?', { name: template.name }))) return;
    setNotice(undefined);
    setError(undefined);
    try {
      await api(`/api/judge-templates/${template.id}`, { method: "DELETE", schema: OkSchema });
      if (shownId === template.id) setShownId(null);
      setNotice(t("Deleted {{name}}.", { name: template.name }));
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  function onAdded(template: JudgeTemplate) {
    setError(undefined);
    setNotice(t("Added {{name}}.", { name: template.name }));
    onChanged();
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="judge-templates">
      <h2 id={`${id}-heading`}>{t("Templates")}</h2>
      <ErrorAlert error={error} />
      <Notice message={notice} />
      <div className="table-wrap">
        <table className="table table-compact templates-table">
          <thead>
            <tr>
              <th scope="col">{t("Name")}</th>
              <th scope="col">{t("Template kind")}</th>
              <th scope="col" title={t("First characters of the SHA-256 of the text: judge scores are cached per text")}>
                {t("Hash")}
              </th>
              <th scope="col">{t("Created")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("Actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {templates.map((tpl) => (
              <tr key={tpl.id}>
                <td>
                  <span>{tpl.name}</span>
                  {tpl.builtin && <span className="badge badge-accent">{t("builtin")}</span>}
                </td>
                <td className="nowrap">{tpl.kind === "pairwise" ? t("Pairwise") : t("Single answer")}</td>
                <td className="mono" title={tpl.hash}>
                  {shortHash(tpl.hash)}
                </td>
                <td className="muted nowrap">{formatDateTime(tpl.created_at)}</td>
                <td className="actions-cell nowrap">
                  <button
                    type="button"
                    className="button-small"
                    aria-expanded={shownId === tpl.id}
                    aria-controls={shownId === tpl.id ? `${id}-text` : undefined}
                    onClick={() => setShownId(shownId === tpl.id ? null : tpl.id)}
                  >
                    {shownId === tpl.id ? t("Hide text") : t("View text")}
                    <span className="visually-hidden"> {t("of {{name}}", { name: tpl.name })}</span>
                  </button>
                  {!tpl.builtin && (
                    <button type="button" className="button-small button-danger" onClick={() => onDelete(tpl)}>
                      {t("Delete")}
                      <span className="visually-hidden"> {tpl.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown && (
        <section id={`${id}-text`} className="template-text" aria-label={t("Text of {{name}}", { name: shown.name })}>
          <h3>
            {shown.name} <span className="mono muted">{shortHash(shown.hash)}</span>
          </h3>
          <pre className="raw-answer">{shown.text}</pre>
        </section>
      )}
      <JudgeTemplateForm onAdded={onAdded} />
    </section>
  );
}
