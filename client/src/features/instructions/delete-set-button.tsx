import type { InstructionSet } from "../../../../shared/schemas/instruction";
import { countOf } from "../../common/format";
import { useConfirmedDelete } from "../../common/hooks/use-confirmed-delete";

/** Deletes a set and its instructions after a confirmation naming what goes. */
export function DeleteSetButton({ set }: { set: InstructionSet }) {
  const { error, busy, confirmAndDelete } = useConfirmedDelete(`/api/instruction-sets/${set.id}`, "/sets");

  function onClick() {
    const what = `"${set.name}" and its ${countOf(set.instruction_count, "instruction")}`;
    confirmAndDelete(`Delete ${what}? This cannot be undone.`);
  }

  return (
    <>
      <button type="button" className="button-quiet" onClick={onClick} disabled={busy}>
        Delete set
      </button>
      {error && (
        <span role="alert" className="muted">
          {error}
        </span>
      )}
    </>
  );
}
