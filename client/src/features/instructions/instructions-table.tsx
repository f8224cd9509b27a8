import { t } from "../../common/i18n";
import { Link, useNavigate } from "react-router";
import type { Instruction } from "../../../../shared/schemas/instruction";
import { excerpt } from "../../common/format";
import { langName } from "../../common/lang-name";
import { RequiredLength } from "../../common/components/length-tag";

interface Props {
  items: Instruction[];
  /** Set names by id; a Set column appears when the list spans several sets. */
  setNames?: Map<number, string>;
  /** The list's query string, so the detail page can lead back to the same view. */
  listSearch: string;
  busy: boolean;
}

export function InstructionsTable({ items, setNames, listSearch, busy }: Props) {
  const navigate = useNavigate();
  const state = { listSearch };
  return (
    <div className="table-wrap">
      <table className="table instructions-table" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col" className="col-id">
              #
            </th>
            <th scope="col">{t("Prompt")}</th>
            <th scope="col" className="col-type">
              {t("Type")}
            </th>
            <th scope="col" className="num">
              {t("Required length")}
            </th>
            <th scope="col">{t("Range")}</th>
            <th scope="col">{t("Language")}</th>
            {setNames && <th scope="col">{t("Set")}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const to = `/instructions/${item.id}`;
            return (
              <tr
                key={item.id}
                className="row-link"
                // Mouse users may click anywhere on the row; keyboard users have the links.
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest("a") && !window.getSelection()?.toString()) {
                    navigate(to, { state });
                  }
                }}
              >
                <td className="col-id mono">
                  <Link to={to} state={state} tabIndex={-1}>
                    {item.external_id}
                  </Link>
                </td>
                <td className="prompt-cell">
                  <Link to={to} state={state} className="clamp" title={excerpt(item.prompt, 600)}>
                    {excerpt(item.prompt)}
                  </Link>
                </td>
                <td className="col-type">{item.category ?? <span className="muted">—</span>}</td>
                <td className="num">
                  <RequiredLength length={item.required_length} source={item.length_source} lang={item.lang} />
                </td>
                <td className="mono nowrap">{item.length_range ?? <span className="muted">—</span>}</td>
                <td title={langName(item.lang)}>{item.lang}</td>
                {setNames && <td className="muted">{setNames.get(item.set_id) ?? item.set_id}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
