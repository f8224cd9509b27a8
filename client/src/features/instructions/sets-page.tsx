import { t } from "../../common/i18n";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { InstructionSetsResponseSchema, type InstructionSet } from "../../../../shared/schemas/instruction";
import { ErrorAlert } from "../../common/components/error-alert";
import { ImportForm } from "./import-form";
import { PageTitle } from "../../common/components/page-title";
import { formatDate, formatNumber } from "../../common/format";
import { usePagedList } from "../../common/hooks/use-paged-list";
import { Pagination } from "../../common/components/pagination";

export function SetsPage() {
  const { data, error, loading, pager } = usePagedList("/api/instruction-sets", InstructionSetsResponseSchema);
  const [importing, setImporting] = useState(false);
  const importRef = useRef<HTMLDivElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const wasImporting = useRef(false);

  // Move focus into the form when it opens, and back to its button when it closes.
  useEffect(() => {
    if (importing) importRef.current?.querySelector("input")?.focus();
    else if (wasImporting.current) openButton.current?.focus();
    wasImporting.current = importing;
  }, [importing]);

  return (
    <section>
      <PageTitle title={t("Instruction sets")} />
      <div className="page-header">
        <h1>{t("Instruction sets")}</h1>
        {!importing && (
          <button ref={openButton} type="button" className="button-primary" onClick={() => setImporting(true)}>
            {t("Import instructions")}
          </button>
        )}
      </div>
      {importing && (
        <div ref={importRef}>
          <ImportForm onCancel={() => setImporting(false)} />
        </div>
      )}
      <ErrorAlert error={error} />
      {data && data.total === 0 && (
        <div className="empty-state">
          <p>{t("No instruction sets yet.")}</p>
          <p className="muted">{t("Import a LongBench-Write JSONL, JSONL or CSV file to start.")}</p>
        </div>
      )}
      {data && data.items.length > 0 && <SetsTable sets={data.items} />}
      {data && data.total > 0 && data.items.length === 0 && <p className="muted">{t("This page is empty.")}</p>}
      {data && data.total > 0 && <Pagination {...pager} total={data.total} />}
      {loading && !data && <p className="muted">{t("Loading…")}</p>}
    </section>
  );
}

function SetsTable({ sets }: { sets: InstructionSet[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("Name")}</th>
            <th scope="col">{t("Source")}</th>
            <th scope="col" className="num">
              {t("Instructions")}
            </th>
            <th scope="col">{t("Created")}</th>
          </tr>
        </thead>
        <tbody>
          {sets.map((set) => (
            <tr key={set.id}>
              <td>
                <Link to={`/sets/${set.id}`} className="strong-link">
                  {set.name}
                </Link>
                {set.is_demo && <span className="badge badge-accent">{t("demo")}</span>}
              </td>
              <td className="muted">{set.source || "—"}</td>
              <td className="num">{formatNumber(set.instruction_count)}</td>
              <td className="muted">{formatDate(set.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
