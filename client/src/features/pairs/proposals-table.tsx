import { t } from "../../common/i18n";
import { sampleNumber } from "../../common/components/sample-facts";
import { Link } from "react-router";
import type { PairProposal, ProposalSide } from "../../../../shared/schemas/pairs";
import { ProposalStatusBadge } from "./proposal-status";
import { formatMargin, Score } from "../../common/components/scores";

function SideCells({ side }: { side: ProposalSide }) {
  return (
    <>
      <td className="nowrap group-start">
        <Link to={`/samples/${side.sample_id}`}>{t("Sample {{n}}", { n: sampleNumber(side) })}</Link>
      </td>
      <td className="num strong-score">
        <Score value={side.score} title={t("S with the run's weight and penalty")} />
      </td>
      <td className="num">
        <Score value={side.length_score} />
      </td>
      <td className="num">
        <Score value={side.quality_score} />
      </td>
    </>
  );
}

/** A page of a run's proposals: each instruction links to its review within the run. */
export function ProposalsTable({ proposals, runId, busy }: { proposals: PairProposal[]; runId: number; busy: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact proposals-table" aria-busy={busy}>
        <caption className="visually-hidden">{t("Proposals: chosen and rejected sample with S, S_l and S_q")}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t("Instruction")}
            </th>
            <th scope="col" rowSpan={2}>
              {t("Model")}
            </th>
            <th scope="colgroup" colSpan={4} className="group-head group-start">
              {t("Chosen")}
            </th>
            <th scope="colgroup" colSpan={4} className="group-head group-start">
              {t("Rejected")}
            </th>
            <th scope="col" rowSpan={2} className="num group-start" title={t("S(chosen) − S(rejected); negative after a swap")}>
              {t("Margin")}
            </th>
            <th scope="col" rowSpan={2}>
              {t("Status")}
            </th>
          </tr>
          <tr>
            {["chosen", "rejected"].map((side) => (
              <SideHeaders key={side} />
            ))}
          </tr>
        </thead>
        <tbody>
          {proposals.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/instructions/${p.instruction_id}/review?run=${runId}&proposal=${p.id}`} className="mono strong-link">
                  {p.external_id}
                </Link>
              </td>
              <td className="model-name">{p.model_name}</td>
              <SideCells side={p.chosen} />
              <SideCells side={p.rejected} />
              <td className="num group-start">{formatMargin(p.margin)}</td>
              <td className="nowrap">
                <ProposalStatusBadge status={p.status} />
                {p.swapped && (
                  <span className="tag swapped-tag" title={t("A reviewer exchanged chosen and rejected")}>
                    {t("swapped")}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SideHeaders() {
  return (
    <>
      <th scope="col" className="group-start">
        {t("Sample")}
      </th>
      <th scope="col" className="num">
        S
      </th>
      <th scope="col" className="num">
        <abbr title={t("Length score, 0–100")}>
          S<sub>l</sub>
        </abbr>
      </th>
      <th scope="col" className="num">
        <abbr title={t("Quality score by the run's judge, 0–100")}>
          S<sub>q</sub>
        </abbr>
      </th>
    </>
  );
}
