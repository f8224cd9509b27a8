import { t } from "../../common/i18n";
import { Link } from "react-router";
import type { InstructionCounts } from "../../../../shared/schemas/instruction";
import { formatNumber, NONE } from "../../common/format";
import { withQuery } from "../../common/api";

interface Props {
  setId: number;
  counts: InstructionCounts;
}

/** Instructions by type × length range, laid out like LongBench-Write's table, with totals. */
export function CountsTable({ setId, counts }: Props) {
  const ranges = counts.ranges.filter((r) => r !== NONE);
  const hasNoLength = counts.ranges.includes(NONE);
  const columns = hasNoLength ? [...ranges, NONE] : ranges;
  const cell = (category: string, range: string) => counts.cells[category]?.[range] ?? 0;
  const rowTotal = (category: string) => columns.reduce((sum, r) => sum + cell(category, r), 0);
  const columnTotal = (range: string) => counts.categories.reduce((sum, c) => sum + cell(c, range), 0);

  const link = (category: string, range: string | undefined) =>
    withQuery("/instructions", {
      set: setId,
      category,
      range: range === NONE ? "none" : range,
    });

  return (
    <div className="table-wrap">
      <table className="table counts-table">
        <caption className="visually-hidden">{t("Instructions by type and required length range")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Type")}</th>
            {columns.map((r) => (
              <th scope="col" className="num" key={r}>
                {r === NONE ? t("No length") : r}
              </th>
            ))}
            <th scope="col" className="num">
              {t("Total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {counts.categories.map((category) => (
            <tr key={category}>
              <th scope="row">{category === NONE ? <span className="muted">{t("No type")}</span> : category}</th>
              {columns.map((r) => {
                const n = cell(category, r);
                return (
                  <td className="num" key={r}>
                    {n === 0 ? (
                      <span className="zero">0</span>
                    ) : category === NONE ? (
                      formatNumber(n)
                    ) : (
                      <Link to={link(category, r)}>{formatNumber(n)}</Link>
                    )}
                  </td>
                );
              })}
              <td className="num total">{formatNumber(rowTotal(category))}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("Total")}</th>
            {columns.map((r) => (
              <td className="num total" key={r}>
                {formatNumber(columnTotal(r))}
              </td>
            ))}
            <td className="num total">{formatNumber(counts.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
