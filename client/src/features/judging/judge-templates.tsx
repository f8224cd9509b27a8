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
  const shown = templates.find((t) => t.id === shownId);

  async function onDelete(template: JudgeTemplate) {
    if (!window.confirm(`Delete the judge template "${template.name}"?`)) return;
    setNotice(undefined);
    setError(undefined);
    try {
      await api(`/api/judge-templates/${template.id}`, { method: "DELETE", schema: OkSchema });
      if (shownId === template.id) setShownId(null);
      setNotice(`Deleted ${template.name}.`);
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  function onAdded(template: JudgeTemplate) {
    setError(undefined);
    setNotice(`Added ${template.name}.`);
    onChanged();
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="judge-templates">
      <h2 id={`${id}-heading`}>Templates</h2>
      <ErrorAlert error={error} />
      <Notice message={notice} />
      <div className="table-wrap">
        <table className="table table-compact templates-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" title="First characters of the SHA-256 of the text: judge scores are cached per text">
                Hash
              </th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr key={t.id}>
                <td>
                  <span>{t.name}</span>
                  {t.builtin && <span className="badge badge-accent">builtin</span>}
                </td>
                <td className="mono" title={t.hash}>
                  {shortHash(t.hash)}
                </td>
                <td className="muted nowrap">{formatDateTime(t.created_at)}</td>
                <td className="actions-cell nowrap">
                  <button
                    type="button"
                    className="button-small"
                    aria-expanded={shownId === t.id}
                    aria-controls={shownId === t.id ? `${id}-text` : undefined}
                    onClick={() => setShownId(shownId === t.id ? null : t.id)}
                  >
                    {shownId === t.id ? "Hide text" : "View text"}
                    <span className="visually-hidden"> of {t.name}</span>
                  </button>
                  {!t.builtin && (
                    <button type="button" className="button-small button-danger" onClick={() => onDelete(t)}>
                      Delete<span className="visually-hidden"> {t.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown && (
        <section id={`${id}-text`} className="template-text" aria-label={`Text of ${shown.name}`}>
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
