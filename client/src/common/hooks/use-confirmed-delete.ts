import { useState } from "react";
import { useNavigate } from "react-router";
import { api, asApiError, OkSchema } from "../api";

/**
 * Deletes one thing after the person confirms, then goes to `after` (the list it was in); a refusal stays on
 * the page as the error, and the button can be pressed again.
 */
export function useConfirmedDelete(path: string, after: string) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function confirmAndDelete(question: string) {
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(undefined);
    try {
      await api(path, { method: "DELETE", schema: OkSchema });
      navigate(after);
    } catch (failure) {
      setError(asApiError(failure).message);
      setBusy(false);
    }
  }

  return { error, busy, confirmAndDelete };
}
