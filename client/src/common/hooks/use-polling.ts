import { useEffect } from "react";

/**
 * Calls `reload` `intervalMs` after each answer while `active`. Waiting for the answer (rather than a fixed
 * interval) means a slow server is never asked again before it has replied. Stops on unmount.
 */
export function usePolling(reload: () => void, active: boolean, loading: boolean, intervalMs: number): void {
  useEffect(() => {
    if (!active || loading) return;
    const timer = setTimeout(reload, intervalMs);
    return () => clearTimeout(timer);
  }, [reload, active, loading, intervalMs]);
}
