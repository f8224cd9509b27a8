import { t } from "../../common/i18n";
import { Link, useLocation, useParams } from "react-router";
import { InstructionResponseSchema } from "../../../../shared/schemas/instruction";
import { ErrorAlert } from "../../common/components/error-alert";
import { InstructionOutputs } from "./instruction-outputs";
import { RequiredLength } from "../../common/components/length-tag";
import { MetadataList } from "./metadata-list";
import { PageTitle } from "../../common/components/page-title";
import { langName } from "../../common/lang-name";
import { useApiData } from "../../common/hooks/use-api-data";

const sourceNotes = () =>
  ({
    field: t("from the file's length field"),
    parsed: t("parsed from the prompt text"),
    none: t("no length requirement, so no length score"),
  }) as const;

export function InstructionPage() {
  const { id = "" } = useParams();
  const location = useLocation();
  const { data, error } = useApiData(`/api/instructions/${encodeURIComponent(id)}`, InstructionResponseSchema);

  const listSearch = (location.state as { listSearch?: unknown } | null)?.listSearch;
  const back = typeof listSearch === "string" ? `/instructions${listSearch}` : undefined;

  if (error) {
    return (
      <section>
        <PageTitle title={t("Instruction")} />
        <h1>{t("Instruction")}</h1>
        <ErrorAlert error={error} />
        <Link to={back ?? "/instructions"}>{t("Back to instructions")}</Link>
      </section>
    );
  }
  if (!data) return <p className="muted">{t("Loading…")}</p>;

  const { instruction, set } = data;
  return (
    <article>
      <PageTitle title={t("Instruction {{id}}", { id: instruction.external_id })} />
      <p className="breadcrumb">
        <Link to={back ?? `/instructions?set=${set.id}`}>{t("Instructions")}</Link> / <Link to={`/sets/${set.id}`}>{set.name}</Link> /
      </p>
      <h1>
        {t("Instruction")} <span className="mono">{instruction.external_id}</span>
      </h1>
      <p>
        <Link to={`/instructions/${instruction.id}/review`}>{t("Review proposals")}</Link>
      </p>
      <div className="instruction-layout">
        <section aria-labelledby="prompt-heading" className="prompt-panel">
          <h2 id="prompt-heading" className="visually-hidden">
            {t("Prompt")}
          </h2>
          <div className="prompt-full" lang={instruction.lang === "other" ? undefined : instruction.lang}>
            {instruction.prompt}
          </div>
        </section>
        <aside aria-label={t("Details")} className="details-panel">
          <dl className="details">
            <dt>{t("Required length")}</dt>
            <dd>
              <RequiredLength length={instruction.required_length} source={instruction.length_source} lang={instruction.lang} />
              <div className="hint">{sourceNotes()[instruction.length_source]}</div>
            </dd>
            <dt>{t("Length range")}</dt>
            <dd className="mono">{instruction.length_range ?? "—"}</dd>
            <dt>{t("Type")}</dt>
            <dd>{instruction.category ?? "—"}</dd>
            <dt>{t("Language")}</dt>
            <dd>
              {instruction.lang} — {langName(instruction.lang)}
            </dd>
            <dt>{t("External ID")}</dt>
            <dd className="mono">{instruction.external_id}</dd>
            <dt>{t("Set")}</dt>
            <dd>
              <Link to={`/sets/${set.id}`}>{set.name}</Link>
              <span className="muted"> · {t("position {{n}}", { n: instruction.position })}</span>
            </dd>
          </dl>
          <h2 className="small-heading">{t("Metadata")}</h2>
          <MetadataList metadata={instruction.metadata} />
        </aside>
      </div>
      <InstructionOutputs key={instruction.id} instruction={instruction} />
    </article>
  );
}
