import { t } from "../../common/i18n";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import { countOf } from "../../common/format";
import { useConfirmedDelete } from "../../common/hooks/use-confirmed-delete";

/** Deletes a set and its instructions after a confirmation naming what goes. */
export function DeleteSetButton({ set }: { set: InstructionSet }) {
  const { error, busy, confirmAndDelete } = useConfirmedDelete(`/api/instruction-sets/${set.id}`, "/sets");

  function onClick() {
    confirmAndDelete(
      t('Delete "{{name}}" and its {{instructions}}? This cannot be undone.', {
        name: set.name,
        instructions: countOf(set.instruction_count, "instruction"),
      }),
    );
  }

  return (
    <>
      <button type="button" className="button-quiet" onClick={onClick} disabled={busy}>
        {t("Delete set")}
      </button>
      {error && (
        <span role="alert" className="muted">
          {error}
        </span>
      )}
    </>
  );
}
