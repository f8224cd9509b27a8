import { t } from "../../common/i18n";
import { useRef, type KeyboardEvent } from "react";
import type { PairProposal } from "../../../../shared/schemas/pairs";
import { ProposalStatusBadge } from "./proposal-status";
import { formatMargin } from "../../common/components/scores";

export const proposalTabId = (id: number) => `proposal-tab-${id}`;
export const proposalPanelId = "proposal-panel";

interface Props {
  proposals: PairProposal[];
  selectedId: number | undefined;
  onSelect: (id: number) => void;
  /** How a sample is named in a tab: "#2". */
  sampleLabel: (sampleId: number) => string;
}

/** The instruction's proposals (several models, or all pairs) as tabs; arrow keys move between them. */
export function ProposalTabs({ proposals, selectedId, onSelect, sampleLabel }: Props) {
  const list = useRef<HTMLDivElement>(null);
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = proposals.findIndex((p) => p.id === selectedId);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    const target =
      step !== 0
        ? proposals[(index + step + proposals.length) % proposals.length]
        : event.key === "Home"
          ? proposals[0]
          : event.key === "End"
            ? proposals.at(-1)
            : undefined;
    if (!target) return;
    event.preventDefault();
    onSelect(target.id);
    list.current?.querySelector<HTMLElement>(`#${proposalTabId(target.id)}`)?.focus();
  }
  return (
    <div className="proposal-tabs" role="tablist" aria-label={t("Proposals of this instruction")} ref={list} onKeyDown={onKeyDown}>
      {proposals.map((p, i) => {
        const selected = p.id === selectedId;
        return (
          <button
            key={p.id}
            id={proposalTabId(p.id)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={proposalPanelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(p.id)}
            className="proposal-tab"
          >
            {i < 9 && <kbd aria-hidden="true">{i + 1}</kbd>}
            <span className="model-name">{p.model_name}</span>
            <span className="muted">
              {sampleLabel(p.chosen.sample_id)} › {sampleLabel(p.rejected.sample_id)} {formatMargin(p.margin)}
            </span>
            <ProposalStatusBadge status={p.status} />
          </button>
        );
      })}
    </div>
  );
}
