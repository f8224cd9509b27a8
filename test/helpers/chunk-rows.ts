import type { NewInstruction } from "../../server/db/repos/instructions";
import type { NewInstructionSet } from "../../server/db/repos/instruction-sets";

/** n short English instructions with a required length, for sets written in chunks. */
export const chunkRows = (n: number): NewInstruction[] =>
  Array.from({ length: n }, (_, i) => ({
    external_id: `x${i}`,
    prompt: `Write story ${i}.`,
    required_length: 100,
    length_source: "field" as const,
    lang: "en" as const,
    length_range: "0-500",
    category: null,
    metadata: {},
  }));

/** A set with one length range and no creator (an import made outside the API). */
export const chunkSet = (name: string): NewInstructionSet => ({
  name,
  description: "",
  source: "test",
  isDemo: false,
  lengthRanges: [{ label: "0-500", min: 0, max: 500 }],
  createdBy: null,
});
