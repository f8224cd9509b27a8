import { ImportErrorDetailsSchema } from "../../../../shared/schemas/import";
import type { ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";

const maxLines = 50;

/** Why an import failed, with the bad lines of the file when the server names them. */
export function ImportError({ error }: { error: ApiRequestError | undefined }) {
  if (!error) return null;
  if (error.status === 413) {
    return <ErrorAlert error="The file is too large to import. Split it into smaller files and import them one by one." />;
  }
  const details = ImportErrorDetailsSchema.safeParse(error.details);
  const lines = details.success ? details.data.lines : [];
  return (
    <div role="alert" className="alert">
      <p>{error.message}</p>
      {lines.length > 0 && (
        <ul className="bad-lines">
          {lines.slice(0, maxLines).map((l, i) => (
            <li key={`${l.line}-${i}`}>
              line {l.line}: {l.message}
            </li>
          ))}
          {lines.length > maxLines && <li>… and {lines.length - maxLines} more</li>}
        </ul>
      )}
    </div>
  );
}
