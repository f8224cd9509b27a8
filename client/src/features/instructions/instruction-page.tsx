import { Link, useLocation, useParams } from "react-router";
import { InstructionResponseSchema } from "../../../../shared/schemas/instruction";
import { ErrorAlert } from "../../common/components/error-alert";
import { InstructionOutputs } from "./instruction-outputs";
import { RequiredLength } from "../../common/components/length-tag";
import { MetadataList } from "./metadata-list";
import { PageTitle } from "../../common/components/page-title";
import { langNames } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";

const sourceNotes = {
  field: "from the file's length field",
  parsed: "parsed from the prompt text",
  none: "no length requirement, so no length score",
} as const;

export function InstructionPage() {
  const { id = "" } = useParams();
  const location = useLocation();
  const { data, error } = useApiData(`/api/instructions/${encodeURIComponent(id)}`, InstructionResponseSchema);

  const listSearch = (location.state as { listSearch?: unknown } | null)?.listSearch;
  const back = typeof listSearch === "string" ? `/instructions${listSearch}` : undefined;

  if (error) {
    return (
      <section>
        <PageTitle title="Instruction" />
        <h1>Instruction</h1>
        <ErrorAlert error={error} />
        <Link to={back ?? "/instructions"}>Back to instructions</Link>
      </section>
    );
  }
  if (!data) return <p className="muted">Loading…</p>;

  const { instruction, set } = data;
  return (
    <article>
      <PageTitle title={`Instruction ${instruction.external_id}`} />
      <p className="breadcrumb">
        <Link to={back ?? `/instructions?set=${set.id}`}>Instructions</Link> / <Link to={`/sets/${set.id}`}>{set.name}</Link> /
      </p>
      <h1>
        Instruction <span className="mono">{instruction.external_id}</span>
      </h1>
      <p>
        <Link to={`/instructions/${instruction.id}/review`}>Review proposals</Link>
      </p>
      <div className="instruction-layout">
        <section aria-labelledby="prompt-heading" className="prompt-panel">
          <h2 id="prompt-heading" className="visually-hidden">
            Prompt
          </h2>
          <div className="prompt-full" lang={instruction.lang === "other" ? undefined : instruction.lang}>
            {instruction.prompt}
          </div>
        </section>
        <aside aria-label="Details" className="details-panel">
          <dl className="details">
            <dt>Required length</dt>
            <dd>
              <RequiredLength length={instruction.required_length} source={instruction.length_source} lang={instruction.lang} />
              <div className="hint">{sourceNotes[instruction.length_source]}</div>
            </dd>
            <dt>Length range</dt>
            <dd className="mono">{instruction.length_range ?? "—"}</dd>
            <dt>Type</dt>
            <dd>{instruction.category ?? "—"}</dd>
            <dt>Language</dt>
            <dd>
              {instruction.lang} — {langNames[instruction.lang]}
            </dd>
            <dt>External ID</dt>
            <dd className="mono">{instruction.external_id}</dd>
            <dt>Set</dt>
            <dd>
              <Link to={`/sets/${set.id}`}>{set.name}</Link>
              <span className="muted"> · position {instruction.position}</span>
            </dd>
          </dl>
          <h2 className="small-heading">Metadata</h2>
          <MetadataList metadata={instruction.metadata} />
        </aside>
      </div>
      <InstructionOutputs key={instruction.id} instruction={instruction} />
    </article>
  );
}
