import { useState } from "react";
import { asApiError } from "../../../common/api";
import { knownText } from "../../../common/i18n";

/** What zod's safeParse answers, as far as a form needs it. */
type Checked<T> = { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };

/**
 * A form's request after the shared schema's check: the check's messages, or the server's, become the form's
 * error; busy while the request runs.
 */
export function useCheckedSubmit() {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit<T>(checked: Checked<T>, send: (body: T) => Promise<void>) {
    if (!checked.success) return setError(checked.error.issues.map((i) => knownText(i.message)).join("; "));
    setBusy(true);
    setError(undefined);
    try {
      await send(checked.data);
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  return { error, busy, submit };
}
