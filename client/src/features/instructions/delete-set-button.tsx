import { useState } from "react";
import { useNavigate } from "react-router";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import { api, asApiError, OkSchema } from "../../common/api";
import { countOf } from "../../common/format";

/** Deletes a set and its instructions after a confirmation naming what goes. */
export function DeleteSetButton({ set }: { set: InstructionSet }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function onClick() {
    const what = `"${set.name}" and its ${countOf(set.instruction_count, "instruction")}`;
    if (!window.confirm(`Delete ${what}? This cannot be undone.`)) return;
    setBusy(true);
    try {
      await api(`/api/instruction-sets/${set.id}`, { method: "DELETE", schema: OkSchema });
      navigate("/sets");
    } catch (failure) {
      setError(asApiError(failure).message);
      setBusy(false);
    }
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
