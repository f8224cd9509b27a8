import { useCallback, useEffect, useState } from "react";
import type { z } from "zod";
import { api, asApiError, type ApiRequestError } from "../api";

interface ApiData<T> {
  data: T | undefined;
  error: ApiRequestError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` (skipped when null) and re-fetches when it changes. The previous answer stays visible while
 * the next one loads, so changing a filter does not flash an empty page; stale answers are aborted.
 * `schema` must be a module-level constant.
 */
export function useApiData<S extends z.ZodType>(path: string | null, schema: S): ApiData<z.output<S>> {
  const [data, setData] = useState<z.output<S> | undefined>(undefined);
  const [error, setError] = useState<ApiRequestError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api(path, { schema, signal: controller.signal }).then(
      (answer) => {
        setData(answer);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(asApiError(failure));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, schema, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
