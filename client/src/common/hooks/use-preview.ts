import { useEffect, useState } from "react";
import type { z } from "zod";
import { api, asApiError, type ApiRequestError } from "../api";

interface Preview<T> {
  data: T | undefined;
  error: ApiRequestError | undefined;
  loading: boolean;
}

// Typing a number or a search text changes the body at every key: ask once the choices rest a moment.
const settleMs = 250;

/**
 * POSTs `body` (skipped when null) to a creation's preview route and keeps its counts while the form's
 * choices change; stale answers are aborted. `schema` must be a module-level constant.
 */
export function usePreview<S extends z.ZodType>(path: string, body: object | null, schema: S): Preview<z.output<S>> {
  const [data, setData] = useState<z.output<S> | undefined>(undefined);
  const [error, setError] = useState<ApiRequestError | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const key = body === null ? null : JSON.stringify(body);

  useEffect(() => {
    if (key === null) {
      setData(undefined);
      setError(undefined);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    const timer = setTimeout(() => {
      api(path, { method: "POST", body: JSON.parse(key), schema, signal: controller.signal }).then(
        (answer) => {
          setData(answer);
          setError(undefined);
          setLoading(false);
        },
        (failure: unknown) => {
          if (controller.signal.aborted) return;
          setData(undefined);
          setError(asApiError(failure));
          setLoading(false);
        },
      );
    }, settleMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [path, key, schema]);

  return { data, error, loading };
}
