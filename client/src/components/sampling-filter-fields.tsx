import type { InstructionFilterDraft } from "./instruction-filter-fields";

export type SamplingFilterDraft = Required<Omit<InstructionFilterDraft, "q">>;
export const emptySamplingFilter: SamplingFilterDraft = { lang: "", range: "", category: "" };
