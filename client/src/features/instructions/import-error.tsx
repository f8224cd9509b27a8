import { ImportErrorDetailsSchema } from "../../../../shared/schemas/import";
import type { ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { t } from "../../common/i18n";

const maxLines = 50;

/** Why an import failed, with the bad lines of the file when the server names them. */
export function ImportError({ error }: { error: ApiRequestError | undefined }) {
  if (!error) return null;
  if (error.status === 413) {
    // The server's message names its limit and the setting that raises it.
    return (
      <ErrorAlert
        error={t("The file is too large to import ({{reason}}). Split it into smaller files, or ask an administrator to raise the limit.", {
          reason: error.message,
        })}
      />
    );
  }
  const details = ImportErrorDetailsSchema.safeParse(error.details);
  const lines = details.success ? details.data.lines : [];
  return (
    <div role="alert" className="alert">
      <p>{error.message}</p>
      {lines.length > 0 && (
        <ul className="bad-lines">
          {lines.slice(0, maxLines).map((l, i) => (
            <li key={`${l.line}-${i}`}>{t("line {{line}}: {{message}}", { line: l.line, message: l.message })}</li>
          ))}
          {lines.length > maxLines && <li>{t("… and {{count}} more", { count: lines.length - maxLines })}</li>}
        </ul>
      )}
    </div>
  );
}
