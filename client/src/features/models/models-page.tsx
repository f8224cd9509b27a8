import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { ModelsResponseSchema, type Model } from "../../../../shared/schemas/model";
import { api, asApiError, OkSchema, type ApiRequestError } from "../../common/api";
import { useUser } from "../../common/auth";
import { ErrorAlert } from "../../common/components/error-alert";
import { ModelForm } from "./model-form";
import { ModelsTable } from "./models-table";
import { PageTitle } from "../../common/components/page-title";
import { usePagedList } from "../../common/hooks/use-paged-list";
import { Pagination } from "../../common/components/pagination";
import { Notice } from "../../common/components/notice";
import { t } from "../../common/i18n";

export function ModelsPage() {
  const { data, error, loading, reload, pager } = usePagedList("/api/models", ModelsResponseSchema);
  const user = useUser();
  // Mirrors the server's rule (it decides): a model is changed by whoever created it, or an admin.
  const canChange = (model: Model) => user.role === "admin" || model.created_by === user.username;
  const endpointsEditable = data?.endpoints_editable ?? false;
  const [editing, setEditing] = useState<Model | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const [actionError, setActionError] = useState<ApiRequestError | undefined>();
  const formRef = useRef<HTMLDivElement>(null);

  // Opening the editor moves focus to its first field, so keyboard users land where the work is.
  useEffect(() => {
    if (editing) formRef.current?.querySelector("input")?.focus();
  }, [editing]);

  async function onDelete(model: Model) {
    if (!window.confirm(t('Delete the model "{{name}}"? This cannot be undone.', { name: model.name }))) return;
    setNotice(undefined);
    setActionError(undefined);
    try {
      await api(`/api/models/${model.id}`, { method: "DELETE", schema: OkSchema });
      if (editing?.id === model.id) setEditing(null);
      setNotice(t("Deleted {{name}}.", { name: model.name }));
      reload();
    } catch (failure) {
      setActionError(asApiError(failure));
    }
  }

  function onSaved(model: Model, created: boolean) {
    setNotice(created ? t("Added {{name}}.", { name: model.name }) : t("Saved {{name}}.", { name: model.name }));
    setActionError(undefined);
    setEditing(null);
    reload();
  }

  return (
    <section>
      <PageTitle title={t("Models")} />
      <div className="page-header">
        <h1>{t("Models")}</h1>
        <Link to="/sampling" className="muted">
          {t("Sample outputs")}
        </Link>
      </div>
      <p className="lead">
        {t("OpenAI-compatible endpoints longpref samples from. Reference models are baselines that others are compared with.")}
      </p>
      <ErrorAlert error={error ?? actionError} />
      <Notice message={notice} />
      {data && data.total === 0 && (
        <div className="empty-state">
          <p>{t("No models yet.")}</p>
          <p className="muted">
            {endpointsEditable ? t("Add an endpoint below to start sampling.") : t("An admin adds the endpoints researchers sample from.")}
          </p>
        </div>
      )}
      {data && data.total > 0 && data.items.length === 0 && <p className="muted">{t("This page is empty.")}</p>}
      {data && data.items.length > 0 && (
        <ModelsTable
          models={data.items}
          onEdit={(model) => {
            setNotice(undefined);
            setEditing(model);
          }}
          onDelete={onDelete}
          canChange={canChange}
        />
      )}
      {data && data.total > 0 && <Pagination {...pager} total={data.total} />}
      {loading && !data && <p className="muted">{t("Loading…")}</p>}
      <div ref={formRef}>
        {data && (editing || endpointsEditable) && (
          <ModelForm
            key={editing?.id ?? "new"}
            model={editing ?? undefined}
            onSaved={onSaved}
            onCancel={editing ? () => setEditing(null) : undefined}
            endpointsEditable={endpointsEditable}
            keyEnvs={data.key_envs}
          />
        )}
        {data && !editing && !endpointsEditable && (
          <p className="muted">
            {t(
              "Adding a model, or changing where one sends its requests and with which key, is an admin's action. Ask an admin to register the endpoint (an admin may let researchers do it with {{setting}}).",
              { setting: "LONGPREF_RESEARCHERS_ADD_ENDPOINTS=1" },
            )}
          </p>
        )}
      </div>
    </section>
  );
}
