import type { InstructionFilterDraft } from "../../common/components/instruction-filter-fields";

export type SamplingFilterDraft = Required<Omit<InstructionFilterDraft, "q">>;
export const emptySamplingFilter: SamplingFilterDraft = { lang: "", range: "", category: "" };
