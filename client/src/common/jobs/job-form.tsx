import { useState, type FormEvent, type ReactNode } from "react";
import { useNavigate } from "react-router";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import { api, asApiError } from "../api";
import { ErrorAlert } from "../components/error-alert";
import { InstructionFilterFields, type InstructionFilterDraft } from "../components/instruction-filter-fields";
import { InstructionSetField } from "../components/instruction-set-field";
import { useChosenInstructions } from "../hooks/use-chosen-instructions";
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
  /** What the choice amounts to, next to the button: from how many instructions match, or the kind's preview of its body. */
  summary: (matching: number, body: object | null) => ReactNode;
}

/**
 * Starts a job of either kind over the chosen instructions of a set: the set, the instruction filter with
 * its count of matches, the request and the way to the new job's page; the kind brings its own fields.
 */
export function JobForm<F extends InstructionFilterDraft>(props: JobFormProps<F>) {
  const { id, kind, sets } = props;
  const navigate = useNavigate();
  const { setId, set, categories, filter, setFilter, changeSet, matchingCount } = useChosenInstructions(sets, props.emptyFilter);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

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
        <InstructionSetField id={id} sets={sets} value={setId} onChange={changeSet} />
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
          {matchingCount !== undefined && props.summary(matchingCount, setId && props.ready ? props.body(Number(setId), filter) : null)}
        </span>
      </div>
    </form>
  );
}
