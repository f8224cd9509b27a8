import { useState } from "react";
import { Link, useParams } from "react-router";
import { InstructionSetResponseSchema, type LengthRange } from "../../../../shared/schemas/instruction";
import { CountsTable } from "./counts-table";
import { DeleteSetButton } from "./delete-set-button";
import { OutputsImportForm } from "./outputs-import-form";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { formatDate, formatNumber } from "../../common/format";
import { langName } from "../../common/lang-name";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";

export function SetPage() {
  const { id = "" } = useParams();
  const { data, error } = useApiData(`/api/instruction-sets/${encodeURIComponent(id)}`, InstructionSetResponseSchema);
  const [importing, setImporting] = useState(false);

  if (error) {
    return (
      <section>
        <PageTitle title={t("Instruction set")} />
        <h1>{t("Instruction set")}</h1>
        <ErrorAlert error={error} />
        <Link to="/sets">{t("Back to instruction sets")}</Link>
      </section>
    );
  }
  if (!data) return <p className="muted">{t("Loading…")}</p>;

  const { set, counts } = data;
  return (
    <section>
      <PageTitle title={set.name} />
      <p className="breadcrumb">
        <Link to="/sets">{t("Instruction sets")}</Link> /
      </p>
      <div className="page-header">
        <h1>
          {set.name}
          {set.is_demo && <span className="badge badge-accent">{t("demo")}</span>}
        </h1>
        <div className="actions">
          <DeleteSetButton set={set} />
          <button type="button" onClick={() => setImporting(true)} disabled={importing}>
            {t("Import outputs")}
          </button>
          <Link to={`/instructions?set=${set.id}`} className="button-link">
            {t("Browse instructions")}
          </Link>
        </div>
      </div>
      {set.description && <p className="lead">{set.description}</p>}
      {importing && <OutputsImportForm setId={set.id} onCancel={() => setImporting(false)} />}
      <dl className="meta">
        <div>
          <dt>{t("Source")}</dt>
          <dd>{set.source || "—"}</dd>
        </div>
        <div>
          <dt>{t("Instructions")}</dt>
          <dd>{formatNumber(set.instruction_count)}</dd>
        </div>
        <div>
          <dt>{t("Created")}</dt>
          <dd>{formatDate(set.created_at)}</dd>
        </div>
        <div>
          <dt>{t("Length ranges")}</dt>
          <dd>{set.length_ranges.length ? <RangeList ranges={set.length_ranges} /> : "—"}</dd>
        </div>
      </dl>

      <h2>{t("Types × required length")}</h2>
      <CountsTable setId={set.id} counts={counts} />

      <h2>{t("Languages")}</h2>
      <ul className="lang-counts">
        {Object.entries(counts.by_lang).map(([lang, n]) => (
          <li key={lang}>
            <Link to={`/instructions?set=${set.id}&lang=${encodeURIComponent(lang)}`}>
              {langName(lang)} <span className="muted">({lang})</span>
            </Link>
            <span className="num">{t("{{count}} instruction(s)", { count: formatNumber(n) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RangeList({ ranges }: { ranges: LengthRange[] }) {
  return (
    <span className="range-list">
      {ranges.map((r) => (
        <span key={r.label} className="chip mono" title={`${r.min} ≤ ${t("length")}${r.max === null ? "" : ` < ${r.max}`}`}>
          {r.label}
        </span>
      ))}
    </span>
  );
}
