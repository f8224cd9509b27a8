import { useState, type FormEvent, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { InstructionPageSchema, InstructionSetResponseSchema, type InstructionSet } from "../../../../shared/schemas/instruction";
import { api, asApiError, withQuery } from "../api";
import { ErrorAlert } from "../components/error-alert";
import { InstructionFilterFields, type InstructionFilterDraft } from "../components/instruction-filter-fields";
import { useApiData } from "../hooks/use-api-data";
import { jobPath, type JobKind, type JobRow } from "./job-kind";

interface JobFormProps<F extends InstructionFilterDraft> {
  /** The kind form's useId, shared by its own fields. */
  id: string;
  kind: Pick<JobKind<JobRow>, "home" | "api" | "progressSchema">;
  title: string;
  sets: InstructionSet[];
  emptyFilter: F;
  filterLegend: string;
  /** The kind's own choices next to the set (model, template…), in the form's first grid. */
  fields: ReactNode;
  gridClassName?: string;
  /** Fields between those and the instruction filter. */
  beforeFilter?: ReactNode;
  /** Fields after the instruction filter. */
  afterFilter: ReactNode;
  submitLabel: string;
  /** Whether the kind's required choices are made. */
  ready: boolean;
  /** The request body from the chosen set and filter and the kind's own state. */
  body: (setId: number, filter: F) => object;
  /** What the choice amounts to, next to the button, from how many instructions match. */
  summary: (matching: number) => string;
}

/**
 * Starts a job of either kind over the chosen instructions of a set: the set, the instruction filter with
 * its count of matches, the request and the way to the new job's page; the kind brings its own fields.
 */
export function JobForm<F extends InstructionFilterDraft>(props: JobFormProps<F>) {
  const { id, kind, sets } = props;
  const navigate = useNavigate();
  const [setId, setSetId] = useState(sets[0] ? String(sets[0].id) : "");
  const [filter, setFilter] = useState<F>(props.emptyFilter);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const set = sets.find((s) => String(s.id) === setId);
  const chosenSet = useApiData(setId ? `/api/instruction-sets/${setId}` : null, InstructionSetResponseSchema);
  const categories = chosenSet.data?.set.id === set?.id ? chosenSet.data?.counts.categories : undefined;
  const { lang, range, category, q } = filter;
  const matching = useApiData(
    setId ? withQuery("/api/instructions", { set: setId, lang, range, category, q, page_size: 1 }) : null,
    InstructionPageSchema,
  );

  function onSetChange(value: string) {
    // Ranges often carry over between sets; types rarely do.
    const next = sets.find((s) => String(s.id) === value);
    const keepRange = filter.range === "none" || next?.length_ranges.some((r) => r.label === filter.range);
    setSetId(value);
    setFilter({ ...filter, category: "", range: keepRange ? filter.range : "" });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = props.body(Number(setId), filter);
      const progress = await api(kind.api, { method: "POST", body, schema: kind.progressSchema });
      navigate(jobPath(kind, progress.job.id));
    } catch (failure) {
      setError(asApiError(failure).message);
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{props.title}</h2>
      <div className={props.gridClassName ?? "form-grid"}>
        <div className="field">
          <label htmlFor={`${id}-set`}>Instruction set</label>
          <select id={`${id}-set`} required value={setId} onChange={(e) => onSetChange(e.target.value)}>
            {sets.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        {props.fields}
      </div>
      {props.beforeFilter}
      <InstructionFilterFields id={id} legend={props.filterLegend} value={filter} set={set} categories={categories} onChange={setFilter} />
      {props.afterFilter}
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !setId || !props.ready}>
          {props.submitLabel}
        </button>
        <span className="muted" aria-live="polite">
          {matching.data && props.summary(matching.data.total)}
        </span>
      </div>
    </form>
  );
}
