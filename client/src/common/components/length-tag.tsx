import type { LengthSource } from "../../../../shared/schemas/instruction";
import { formatNumber } from "../format";

/** A required length with where it came from: a "parsed" tag, or a muted note when there is none. */
export function RequiredLength({ length, source }: { length: number | null; source: LengthSource }) {
  if (length === null || source === "none") {
    return <span className="tag tag-muted">none — no length score</span>;
  }
  return (
    <span className="required-length">
      <span className="num">{formatNumber(length)}</span>
      {source === "parsed" && (
        <span className="tag" title="Read from the prompt text, not from a length field">
          parsed
        </span>
      )}
    </span>
  );
}
