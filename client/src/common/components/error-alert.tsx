import type { ApiRequestError } from "../api";

/** An API error as a calm alert; renders nothing without an error. */
export function ErrorAlert({ error, title }: { error: ApiRequestError | string | undefined; title?: string }) {
  if (!error) return null;
  const message = typeof error === "string" ? error : error.message;
  return (
    <div role="alert" className="alert">
      {title && <strong>{title} </strong>}
      {message}
    </div>
  );
}
