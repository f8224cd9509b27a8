import { t } from "../../common/i18n";
import type { DryRunResult } from "../../../../shared/schemas/import";
import { countOf, excerpt, formatNumber } from "../../common/format";

const shown = 20;

/** What a dry-run import understood: the count and the first rows. */
export function ImportPreview({ result }: { result: DryRunResult }) {
  const rows = result.instructions.slice(0, shown);
  return (
    <section className="import-preview" aria-labelledby="import-preview-heading">
      <h3 id="import-preview-heading">{t("Preview: {{instructions}} parsed", { instructions: countOf(result.count, "instruction") })}</h3>
      {result.count > rows.length && <p className="hint">{t("Showing the first {{n}}.", { n: rows.length })}</p>}
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">{t("Prompt")}</th>
              <th scope="col" className="num">
                {t("Required length")}
              </th>
              <th scope="col">{t("Length source")}</th>
              <th scope="col">{t("Language")}</th>
              <th scope="col">{t("Range")}</th>
              <th scope="col">{t("Category")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={`${row.external_id}-${i}`}>
                <td className="mono">{row.external_id}</td>
                <td className="prompt-cell">
                  <span className="clamp">{excerpt(row.prompt, 120)}</span>
                </td>
                <td className="num">{row.required_length === null ? "—" : formatNumber(row.required_length)}</td>
                <td>{row.length_source}</td>
                <td>{row.lang}</td>
                <td className="mono">{row.length_range ?? "—"}</td>
                <td>{row.category ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
