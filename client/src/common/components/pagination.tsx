import { useId } from "react";
import { pageSizeOptions } from "../hooks/use-instruction-filters";
import { t } from "../i18n";

interface Props {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}

export function Pagination({ page, pageSize, total, onPage, onPageSize }: Props) {
  const id = useId();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const standard: readonly number[] = pageSizeOptions;
  const sizes = standard.includes(pageSize) ? standard : [pageSize, ...standard];
  return (
    <nav className="pagination" aria-label={t("Pagination")}>
      <div className="field-inline">
        <label htmlFor={`${id}-size`}>{t("Page size")}</label>
        <select id={`${id}-size`} value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {sizes.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="pagination-pages">
        <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
          {t("Previous page")}
        </button>
        <span aria-live="polite">{t("Page {{page}} of {{pages}}", { page, pages })}</span>
        <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
          {t("Next page")}
        </button>
      </div>
    </nav>
  );
}
